#include "os/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

namespace drover {

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

std::size_t terminal_columns(int fd) {
  struct winsize size {};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 0;
}

}  // namespace drover
