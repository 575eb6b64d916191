#include "os/unix_socket.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "os/system_error.h"

namespace drover {
namespace {

constexpr std::size_t kMaxFds = 4;

Result<sockaddr_un> address_of(const std::filesystem::path& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string& text = path.native();
  if (text.size() >= sizeof(address.sun_path)) {
    return make_error(ErrorCode::invalid, "socket path {} is longer than {} bytes", text,
                      sizeof(address.sun_path) - 1);
  }
  std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
  return address;
}

Result<UniqueFd> new_socket() {
  int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0) return system_error("cannot create a unix socket", errno);
  return UniqueFd(fd);
}

Status wait_for_input(int socket, int timeout_ms) {
  pollfd entry{socket, POLLIN, 0};
  for (;;) {
    int ready = ::poll(&entry, 1, timeout_ms);
    if (ready > 0) return {};
    if (ready == 0) return make_error(ErrorCode::io, "no answer within {} ms", timeout_ms);
    if (errno != EINTR) return system_error("cannot wait for a message", errno);
  }
}

std::vector<UniqueFd> received_fds(msghdr& header) {
  std::vector<UniqueFd> fds;
  for (cmsghdr* c = CMSG_FIRSTHDR(&header); c != nullptr; c = CMSG_NXTHDR(&header, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (std::size_t i = 0; i < count; ++i) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
      fds.emplace_back(fd);
    }
  }
  return fds;
}

}  // namespace

Result<UniqueFd> listen_unix(const std::filesystem::path& path) {
  DROVER_TRY(address, address_of(path));
  DROVER_TRY(socket, new_socket());
  ::unlink(path.c_str());  // a socket left by a dead listener; the caller holds the lock
  if (::bind(socket->get(), reinterpret_cast<const sockaddr*>(&*address), sizeof(*address)) != 0) {
    return system_error("cannot bind " + path.string(), errno);
  }
  if (::listen(socket->get(), 16) != 0)
    return system_error("cannot listen on " + path.string(), errno);
  return socket;
}

Result<UniqueFd> connect_unix(const std::filesystem::path& path) {
  DROVER_TRY(address, address_of(path));
  DROVER_TRY(socket, new_socket());
  int result;
  do {
    result =
        ::connect(socket->get(), reinterpret_cast<const sockaddr*>(&*address), sizeof(*address));
  } while (result != 0 && errno == EINTR);
  if (result == 0) return socket;
  int err = errno == ECONNREFUSED ? ENOENT : errno;  // a socket file nobody listens on
  return system_error("cannot connect to " + path.string(), err);
}

Result<UniqueFd> accept_unix(int listener) {
  int fd;
  do {
    fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return system_error("cannot accept a connection", errno);
  return UniqueFd(fd);
}

Status send_message(int socket, std::string_view text, std::span<const int> fds) {
  if (text.size() > kMaxMessage || fds.size() > kMaxFds) {
    return make_error(ErrorCode::invalid, "a message of {} bytes and {} descriptors is too big",
                      text.size(), fds.size());
  }
  iovec data{const_cast<char*>(text.data()), text.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)] = {};
  msghdr header{};
  header.msg_iov = &data;
  header.msg_iovlen = 1;
  if (!fds.empty()) {
    header.msg_control = control;
    header.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
    cmsghdr* c = CMSG_FIRSTHDR(&header);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    std::memcpy(CMSG_DATA(c), fds.data(), sizeof(int) * fds.size());
  }
  ssize_t sent;
  do {
    sent = ::sendmsg(socket, &header, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) return system_error("cannot send a message", errno);
  return {};
}

Result<Message> receive_message(int socket, int timeout_ms) {
  DROVER_RETURN_IF_ERROR(wait_for_input(socket, timeout_ms));
  Message message;
  message.text.resize(kMaxMessage);
  iovec data{message.text.data(), message.text.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFds)] = {};
  msghdr header{};
  header.msg_iov = &data;
  header.msg_iovlen = 1;
  header.msg_control = control;
  header.msg_controllen = sizeof(control);
  ssize_t received;
  do {
    received = ::recvmsg(socket, &header, MSG_CMSG_CLOEXEC);
  } while (received < 0 && errno == EINTR);
  if (received < 0) {
    if (errno == ECONNRESET) return Message{{}, {}, true};
    return system_error("cannot receive a message", errno);
  }
  message.fds = received_fds(header);
  message.closed = received == 0 && message.fds.empty();
  message.text.resize(static_cast<std::size_t>(received));
  if ((header.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0) {
    return make_error(ErrorCode::invalid, "a message was cut short ({} bytes)", received);
  }
  return message;
}

}  // namespace drover
