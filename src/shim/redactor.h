// Hides secrets in the lines written to output.log (DESIGN.md: output.log
// has "secrets redacted"). It works on whole lines, which the shim has
// already assembled, so a secret the job wrote in two pieces is still caught.
//
// Built in, always on:
//   https://user:TOKEN@host        -> https://user:***@host
//   https://TOKEN@host             -> https://***@host
//   Authorization: Bearer xyz      -> Authorization: Bearer ***   (any scheme
//   word, any case, also "authorization"="..." and Proxy-Authorization)
// Added by the user: `[redact] patterns` in drover.toml, ECMAScript regular
// expressions; every non-empty match becomes ***.
//
// Cost: a line with neither "://" nor "authorization" in it skips the
// built-ins after one substring search each; a line with nothing to hide is
// handed back as is, without a copy. A user pattern that starts with plain
// text ("ghp_[A-Za-z0-9]+") runs only on lines holding that text (std::regex
// is an order of magnitude slower than the rest); others run on every line.
//
// libstdc++'s std::regex recurses once per character it matches and would
// overflow the stack on a long match, so user patterns see a long line in
// windows of at most kRegexWindow bytes, cut after a blank where there is
// one: a match longer than that, or one crossing a cut inside an unbroken
// run of text, may be missed.
//
// Not thread-safe: one per shim.
#pragma once

#include <array>
#include <cstddef>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace drover {

inline constexpr std::string_view kRedactionMask = "***";
inline constexpr std::size_t kRegexWindow = 2048;

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

  // "redact pattern 2 \"[x\" is not a valid regular expression (...); ignored"
  const std::vector<std::string>& warnings() const { return m_warnings; }

 private:
  // Runs one pass over `text`, replacing what find_next finds; on a change
  // `text` then views the buffer the pass wrote.
  template <typename FindNext>
  void run_pass(std::string_view& text, FindNext find_next);

  std::vector<UserPattern> m_patterns;
  std::vector<std::string> m_warnings;
  std::cmatch m_match;  // reused by every search
  // Passes write alternately into these: a pass never writes into its input.
  std::array<std::string, 2> m_buffers;
  std::size_t m_next_buffer = 0;
};

}  // namespace drover
