#include "os/private_umask.h"

#include <sys/stat.h>

namespace drover {

void with_private_umask(const std::function<void()>& create) {
  struct Restore {
    mode_t previous;
    ~Restore() { ::umask(previous); }
  } restore{::umask(0077)};
  create();
}

}  // namespace drover
