#include "store/sql_dialect.h"

#include <cctype>

namespace drover {

std::string in_dialect(std::string_view sql, SqlDialect dialect) {
  std::string text(sql);
  if (dialect == SqlDialect::sqlite) return text;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '?' && std::isdigit(static_cast<unsigned char>(text[i + 1]))) text[i] = '$';
  }
  return text;
}

}  // namespace drover
