// One line of a job's output.log (src/shim/output_log.h): "TIME text" with
// TIME in RFC 3339 UTC, "err " after it for stderr, "[drover] " for the
// shim's notes; "@drover ..." lines on stdout are the job's events.
const STAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) (.*)$/s;

// {time, stream: "out" | "err" | "note", event, text}; time is null on a
// line without a stamp (a continuation the log cut, or an old format).
export function parseLogLine(line) {
  const stamped = STAMPED.exec(line);
  if (!stamped) return { time: null, stream: 'out', event: false, text: line };
  const [, time, rest] = stamped;
  if (rest.startsWith('err ')) return { time, stream: 'err', event: false, text: rest.slice(4) };
  if (rest.startsWith('[drover] ')) return { time, stream: 'note', event: false, text: rest };
  return { time, stream: 'out', event: rest.startsWith('@drover '), text: rest };
}

// The last `count` stderr lines' text: what a failed job said before it ended.
export function stderrTail(lines, count = 3) {
  return lines.map(parseLogLine).filter((line) => line.stream === 'err').slice(-count).map((line) => line.text);
}
