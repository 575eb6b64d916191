#include "store/store_location.h"

#include <array>

namespace drover {
namespace {

constexpr std::array<std::string_view, 2> kPostgresSchemes{"postgresql://", "postgres://"};
constexpr std::string_view kHidden = "***";

// Hides the password of "scheme://user:password@host...": the user info ends
// at the last '@' before the path or the parameters.
std::string redact_user_info(std::string text, std::size_t authority_start) {
  std::size_t authority_end = text.find_first_of("/?", authority_start);
  if (authority_end == std::string::npos) authority_end = text.size();
  std::size_t at = text.rfind('@', authority_end);
  if (at == std::string::npos || at < authority_start) return text;
  std::size_t colon = text.find(':', authority_start);
  if (colon == std::string::npos || colon > at) return text;
  return text.replace(colon + 1, at - colon - 1, kHidden);
}

// Hides the value of every `password=` parameter (URI or key/value form).
std::string redact_password_parameters(std::string text) {
  constexpr std::string_view kKey = "password=";
  for (std::size_t at = text.find(kKey); at != std::string::npos; at = text.find(kKey, at)) {
    bool starts_word = at == 0 || text[at - 1] == '?' || text[at - 1] == '&' ||
                       text[at - 1] == ' ' || text[at - 1] == '\t';
    at += kKey.size();
    if (!starts_word) continue;
    std::size_t end = text.find_first_of("& \t", at);
    if (end == std::string::npos) end = text.size();
    text.replace(at, end - at, kHidden);
    at += kHidden.size();
  }
  return text;
}

}  // namespace

bool is_postgres_location(std::string_view location) {
  for (std::string_view scheme : kPostgresSchemes) {
    if (location.starts_with(scheme)) return true;
  }
  return false;
}

std::string redacted_location(std::string_view location) {
  std::string text(location);
  for (std::string_view scheme : kPostgresSchemes) {
    if (location.starts_with(scheme)) text = redact_user_info(std::move(text), scheme.size());
  }
  return redact_password_parameters(std::move(text));
}

}  // namespace drover
