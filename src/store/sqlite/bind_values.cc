#include "store/sqlite/bind_values.h"

#include <variant>

namespace drover {

void bind_values(Statement& statement, const ColumnValues& values) {
  int index = 1;
  for (const ColumnValue& value : values) {
    std::visit([&statement, index](const auto& held) { statement.bind(index, held); }, value);
    ++index;
  }
}

}  // namespace drover
