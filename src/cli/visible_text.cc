#include "cli/visible_text.h"

#include <fmt/format.h>

namespace drover::cli {
namespace {

// The length of the well-formed UTF-8 sequence starting `text`, or 0.
std::size_t utf8_sequence_length(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  std::size_t length = lead >= 0xF0 && lead <= 0xF4   ? 4
                       : lead >= 0xE0                 ? 3
                       : lead >= 0xC2 && lead <= 0xDF ? 2
                                                      : 0;
  if (length == 0 || text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
  }
  // Overlong three- and four-byte forms, surrogates and code points past U+10FFFF.
  if (lead == 0xE0 && byte(1) < 0xA0) return 0;
  if (lead == 0xED && byte(1) >= 0xA0) return 0;
  if (lead == 0xF0 && byte(1) < 0x90) return 0;
  if (lead == 0xF4 && byte(1) >= 0x90) return 0;
  return length;
}

bool is_c1(std::string_view sequence) {
  return sequence.size() == 2 && static_cast<unsigned char>(sequence[0]) == 0xC2 &&
         static_cast<unsigned char>(sequence[1]) < 0xA0;
}

// "␛" for ESC: the Unicode control pictures start at U+2400 for NUL.
std::string control_picture(unsigned char c) {
  char32_t picture = c == 0x7F ? U'\u2421' : static_cast<char32_t>(0x2400 + c);
  return {static_cast<char>(0xE0 | (picture >> 12)),
          static_cast<char>(0x80 | ((picture >> 6) & 0x3F)),
          static_cast<char>(0x80 | (picture & 0x3F))};
}

}  // namespace

std::string visible_text(std::string_view text, VisibleTextOptions options) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      bool kept = (c >= 0x20 && c != 0x7F) || (c == '\t' && options.keep_tab) ||
                  (c == '\n' && options.keep_newline);
      out += kept ? std::string(1, static_cast<char>(c)) : control_picture(c);
      ++i;
      continue;
    }
    std::size_t length = utf8_sequence_length(text.substr(i));
    std::string_view sequence = text.substr(i, length);
    if (length == 0 || is_c1(sequence)) {
      unsigned value = length == 0 ? c : static_cast<unsigned char>(sequence[1]);
      out += fmt::format("\\x{:02x}", value);
      i += length == 0 ? 1 : length;
      continue;
    }
    out += sequence;
    i += length;
  }
  return out;
}

}  // namespace drover::cli
