// Hides secrets in the job's output (DESIGN.md: output.log has "secrets
// redacted"). It works on whole lines, which the shim has already
// assembled, so a secret the job wrote in two pieces is still caught. The
// shim redacts each line once, before it is logged or parsed as an event,
// so a secret reaches neither output.log nor events.jsonl.
//
// Built in, always on:
//   https://user:TOKEN@host        -> https://user:***@host
//   https://TOKEN@host             -> https://***@host
//   Authorization: Bearer xyz      -> Authorization: Bearer ***   (any scheme
//   word, any case, also "authorization"="..." and Proxy-Authorization)
// Added by the user: `[redact] patterns` in drover.toml, ECMAScript regular
// expressions; every non-empty match becomes ***. Every finder looks at the
// line as the job wrote it; where matches overlap, their union is hidden.
//
// Cost: a line with neither "://" nor "authorization" in it skips the
// built-ins after one substring search each; a line with nothing to hide is
// handed back as is, without a copy. A user pattern that starts with plain
// text ("ghp_[A-Za-z0-9]+") runs only on lines holding that text (std::regex
// is an order of magnitude slower than the rest); others run on every line.
//
// libstdc++'s std::regex recurses once per character it matches and would
// overflow the stack on a long match, so user patterns see a long line in
// windows of at most kRegexWindow bytes (cut after a blank where there is
// one), each starting kRegexOverlap bytes before the previous one ended: a
// match of up to kRegexOverlap bytes is always found, a longer one only
// when it fits a window.
//
// A line longer than the shim's line limit arrives in pieces
// (redact_piece): the last kRedactionCarry bytes of a piece (or a match
// reaching into them) are held back and redacted again with the next piece,
// so a secret of up to kRedactionCarry bytes across a cut is still hidden.
//
// Not thread-safe: one per shim.
#pragma once

#include <cstddef>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace drover {

inline constexpr std::string_view kRedactionMask = "***";
inline constexpr std::size_t kRegexWindow = 2048;
inline constexpr std::size_t kRegexOverlap = kRegexWindow / 2;
inline constexpr std::size_t kRedactionCarry = 4096;

// A part of a line to hide: [begin, end).
struct SecretSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// A user pattern, compiled, with the plain text its matches start with.
struct UserPattern {
  std::regex regex;
  std::string prefix;  // empty: none known
};

// The plain text every match of `pattern` starts with ("ghp_[A-Za-z0-9]+"
// -> "ghp_"), or "" when there is none or alternation makes it unsure.
std::string required_prefix(std::string_view pattern);

class Redactor {
 public:
  // Compiles the user's patterns once; one that does not compile is left out
  // and described in warnings().
  explicit Redactor(const std::vector<std::string>& patterns = {});

  // The line with its secrets hidden: `line` itself when there was nothing
  // to hide, else a view into the redactor valid until the next call.
  std::string_view redact(std::string_view line);

  // One piece of a line cut at a length limit: the text to write now, with
  // `carry` (the held-back end of the previous piece, empty at the start of
  // a line) in front of `piece`. Unless `ends_line`, the end of it is held
  // back in `carry` again; then the text returned may be empty. A view as
  // for redact().
  std::string_view redact_piece(std::string_view piece, bool ends_line, std::string& carry);

  // "redact pattern 2 \"[x\" is not a valid regular expression (...); ignored"
  const std::vector<std::string>& warnings() const { return m_warnings; }

 private:
  // Fills m_spans with what every finder finds in `text`, sorted, merged.
  void find_spans(std::string_view text);
  template <typename FindNext>
  void add_spans(std::string_view text, FindNext find_next);
  // Where a piece that does not end its line may be cut: never inside a match.
  std::size_t safe_cut(std::size_t size) const;
  // text[0, end) with m_spans hidden.
  std::string_view mask(std::string_view text, std::size_t end);

  std::vector<UserPattern> m_patterns;
  std::vector<std::string> m_warnings;
  std::cmatch m_match;  // reused by every search
  std::vector<SecretSpan> m_spans;
  std::string m_joined;  // a carry and the next piece
  std::string m_masked;  // what redact() hands out after a change
};

}  // namespace drover
