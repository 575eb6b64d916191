#include "shim/redactor.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace drover {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

using Span = SecretSpan;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_quote(char c) { return c == '"' || c == '\'' || c == '`'; }

template <typename Predicate>
std::size_t skip_while(std::string_view text, std::size_t pos, Predicate predicate) {
  while (pos < text.size() && predicate(text[pos])) ++pos;
  return pos;
}

// --- credentials in URLs ---------------------------------------------------

// The authority of a URL ends at its path, query or fragment, or where the
// URL itself ends in running text.
bool ends_authority(char c) {
  return is_blank(c) || is_quote(c) || c == '/' || c == '?' || c == '#' || c == '<' || c == '>' ||
         c == '\\';
}

// The next URL userinfo at or after `from`: the password of "user:password@",
// or the whole of "token@" (which may be a token or a user name: we can't
// tell, so it goes).
std::optional<Span> find_url_credentials(std::string_view text, std::size_t from) {
  for (std::size_t sep = text.find("://", from); sep != kNone; sep = text.find("://", sep + 3)) {
    std::size_t start = sep + 3;
    std::size_t end = skip_while(text, start, [](char c) { return !ends_authority(c); });
    std::size_t at = end > start ? text.rfind('@', end - 1) : kNone;
    if (at == kNone || at <= start) continue;
    std::size_t colon = text.substr(0, at).find(':', start);
    std::size_t begin = colon != kNone ? colon + 1 : start;
    if (begin < at) return Span{begin, at};
  }
  return std::nullopt;
}

// --- Authorization headers -------------------------------------------------

constexpr std::string_view kAuthorization = "authorization";

// Where "authorization" (all lower case, or with an upper-case A, or all
// upper case) next starts at or after `from`.
std::size_t find_authorization(std::string_view text, std::size_t from) {
  std::size_t found = kNone;
  for (std::string_view tail : {"uthorization", "UTHORIZATION"}) {
    for (std::size_t pos = text.find(tail, from + 1); pos != kNone && pos < found;
         pos = text.find(tail, pos + 1)) {
      char first = text[pos - 1];
      if (first == 'a' || first == 'A') {
        found = pos - 1;
        break;
      }
    }
  }
  return found;
}

// Quotes and escapes around a header name or value, as in JSON or a dict.
bool is_filler(char c) { return is_blank(c) || is_quote(c) || c == '\\'; }
bool in_credential(char c) { return !is_filler(c) && c != ',' && c != ';' && c != '&'; }

// "Bearer", "Basic", "token", "AWS4-HMAC-SHA256": a word that names a scheme.
bool is_scheme(std::string_view word) {
  if (word.empty() || !std::isalpha(static_cast<unsigned char>(word.front()))) return false;
  for (char c : word) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

// The credentials of the header whose name ends at `name_end`: after ":" or
// "=", the word following the scheme, or the only word when there is none.
std::optional<Span> authorization_credentials(std::string_view text, std::size_t name_end) {
  std::size_t separator = skip_while(text, name_end, is_filler);
  if (separator == text.size() || (text[separator] != ':' && text[separator] != '=')) {
    return std::nullopt;
  }
  std::size_t first = skip_while(text, separator + 1, is_filler);
  std::size_t first_end = skip_while(text, first, in_credential);
  if (first == first_end) return std::nullopt;
  std::size_t second = skip_while(text, first_end, is_blank);
  std::size_t second_end = skip_while(text, second, in_credential);
  if (second < second_end && is_scheme(text.substr(first, first_end - first))) {
    return Span{second, second_end};
  }
  return Span{first, first_end};
}

std::optional<Span> find_authorization_credentials(std::string_view text, std::size_t from) {
  for (std::size_t name = find_authorization(text, from); name != kNone;
       name = find_authorization(text, name + 1)) {
    if (auto span = authorization_credentials(text, name + kAuthorization.size())) return span;
  }
  return std::nullopt;
}

// --- user patterns ---------------------------------------------------------

// Where the regex window starting at `from` ends: after the last blank in its
// last quarter, else at its full size. Windows overlap by kRegexOverlap, so
// each one must move on by more than that.
std::size_t window_end(std::string_view text, std::size_t from) {
  if (text.size() - from <= kRegexWindow) return text.size();
  std::size_t limit = from + kRegexWindow;
  std::size_t blank = text.find_last_of(" \t", limit - 1);
  return blank != kNone && blank >= from + kRegexWindow * 3 / 4 ? blank + 1 : limit;
}

// The next non-empty match of `pattern` at or after `from`.
std::optional<Span> find_match(const UserPattern& pattern, std::cmatch& match,
                               std::string_view text, std::size_t from) {
  namespace flags = std::regex_constants;
  while (from < text.size()) {
    if (!pattern.prefix.empty() && (from = text.find(pattern.prefix, from)) == kNone) break;
    std::size_t end = window_end(text, from);
    auto search = flags::match_default;
    if (from > 0) search |= flags::match_prev_avail;  // ^ and \b see what comes before
    if (end < text.size()) search |= flags::match_not_eol;
    // The next window starts before this one's end: a match across the cut
    // lies whole in it.
    std::size_t next = end < text.size() ? end - kRegexOverlap : end;
    try {
      if (std::regex_search(text.data() + from, text.data() + end, match, pattern.regex, search)) {
        std::size_t begin = from + static_cast<std::size_t>(match.position(0));
        std::size_t length = static_cast<std::size_t>(match.length(0));
        if (length > 0) return Span{begin, begin + length};
        next = begin + 1;  // an empty match hides nothing: look past it
      }
    } catch (const std::regex_error&) {
      // Too complex for this window: the window stays as it is.
    }
    from = next;
  }
  return std::nullopt;
}

}  // namespace

std::string required_prefix(std::string_view pattern) {
  if (pattern.find('|') != kNone) return {};
  constexpr std::string_view kSpecial = "\\^$.|?*+()[]{}";
  std::size_t end = 0;
  while (end < pattern.size() && kSpecial.find(pattern[end]) == kNone) ++end;
  // A quantifier after the text makes its last character optional ("ab*", "ab{0,2}").
  if (end > 0 && end < pattern.size() && std::string_view("?*{").find(pattern[end]) != kNone) --end;
  return std::string(pattern.substr(0, end));
}

Redactor::Redactor(const std::vector<std::string>& patterns) {
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    try {
      std::regex regex(patterns[i], std::regex::ECMAScript | std::regex::optimize);
      m_patterns.push_back(UserPattern{std::move(regex), required_prefix(patterns[i])});
    } catch (const std::regex_error& error) {
      m_warnings.push_back(
          fmt::format("redact pattern {} \"{}\" is not a "
                      "valid regular expression ({}); ignored",
                      i + 1, patterns[i], error.what()));
    }
  }
}

template <typename FindNext>
void Redactor::add_spans(std::string_view text, FindNext find_next) {
  for (auto span = find_next(text, 0); span; span = find_next(text, span->end)) {
    m_spans.push_back(*span);
  }
}

void Redactor::find_spans(std::string_view text) {
  m_spans.clear();
  add_spans(text, find_url_credentials);
  add_spans(text, find_authorization_credentials);
  for (const UserPattern& pattern : m_patterns) {
    add_spans(text, [&](std::string_view input, std::size_t from) {
      return find_match(pattern, m_match, input, from);
    });
  }
  if (m_spans.size() < 2) return;
  std::sort(m_spans.begin(), m_spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::size_t kept = 0;
  for (const Span& span : m_spans) {
    if (kept > 0 && span.begin <= m_spans[kept - 1].end) {
      m_spans[kept - 1].end = std::max(m_spans[kept - 1].end, span.end);
    } else {
      m_spans[kept++] = span;
    }
  }
  m_spans.resize(kept);
}

std::string_view Redactor::mask(std::string_view text, std::size_t end) {
  text = text.substr(0, end);
  if (m_spans.empty() || m_spans.front().begin >= end) return text;
  m_masked.clear();
  std::size_t copied = 0;
  for (const Span& span : m_spans) {
    if (span.begin >= end) break;
    m_masked.append(text.substr(copied, span.begin - copied)).append(kRedactionMask);
    copied = std::min(span.end, end);
  }
  m_masked.append(text.substr(copied));
  return m_masked;
}

std::size_t Redactor::safe_cut(std::size_t size) const {
  if (size <= kRedactionCarry) return 0;  // too little to tell what follows
  std::size_t cut = size - kRedactionCarry;
  for (const Span& span : m_spans) {
    if (span.begin < cut && cut < span.end) {
      // A match that may go on in the next piece is held back whole, unless
      // it is too long to hold: then it is hidden as far as it goes.
      return size - span.begin <= 2 * kRedactionCarry ? span.begin : span.end;
    }
  }
  return cut;
}

std::string_view Redactor::redact(std::string_view line) {
  find_spans(line);
  return mask(line, line.size());
}

std::string_view Redactor::redact_piece(std::string_view piece, bool ends_line,
                                        std::string& carry) {
  std::string_view text = piece;
  if (!carry.empty()) {
    m_joined.assign(carry).append(piece);
    text = m_joined;
  }
  find_spans(text);
  std::size_t cut = ends_line ? text.size() : safe_cut(text.size());
  std::string_view out = mask(text, cut);
  carry.assign(text.substr(cut));
  return out;
}

}  // namespace drover
