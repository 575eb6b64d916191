// What the CLI asks of the terminal it runs in.
#pragma once

#include <cstddef>

namespace drover {

// True when `fd` is a terminal.
bool is_terminal(int fd);

// The terminal's width in columns; 0 when `fd` is not a terminal.
std::size_t terminal_columns(int fd);

}  // namespace drover
