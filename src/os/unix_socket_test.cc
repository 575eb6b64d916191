#include "os/unix_socket.h"

#include <gtest/gtest.h>

#include <array>

#include "os/test_dir.h"

namespace drover {
namespace {

class UnixSocket : public ::testing::Test {
 protected:
  UnixSocket() {
    auto listening = listen_unix(path());
    EXPECT_TRUE(listening.ok()) << listening.error().message;
    if (listening) listener = std::move(*listening);
  }
  std::filesystem::path path() const { return dir.path() / "test.sock"; }

  TestDir dir;
  UniqueFd listener;
};

TEST_F(UnixSocket, AMessageArrivesWholeWithItsDescriptors) {
  auto client = connect_unix(path());
  ASSERT_TRUE(client.ok()) << client.error().message;
  auto server = accept_unix(listener.get());
  ASSERT_TRUE(server.ok()) << server.error().message;
  auto pipe = make_pipe();
  ASSERT_TRUE(pipe.ok());
  std::array<int, 1> fds{pipe->write_end.get()};
  ASSERT_TRUE(send_message(client->get(), "hello\nworld", fds).ok());
  auto message = receive_message(server->get(), 5000);
  ASSERT_TRUE(message.ok()) << message.error().message;
  EXPECT_EQ(message->text, "hello\nworld");
  ASSERT_EQ(message->fds.size(), 1u);
  // The descriptor received is the pipe's write end: what goes in comes out.
  ASSERT_TRUE(write_all(message->fds[0].get(), "x").ok());
  std::array<char, 4> buffer{};
  auto read = read_some(pipe->read_end.get(), buffer);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->bytes, 1u);
}

TEST_F(UnixSocket, APeerThatLeftIsClosedAndSilenceTimesOut) {
  auto client = connect_unix(path());
  ASSERT_TRUE(client.ok());
  auto server = accept_unix(listener.get());
  ASSERT_TRUE(server.ok());
  auto silent = receive_message(server->get(), 10);
  ASSERT_FALSE(silent.ok());
  client->reset();
  auto closed = receive_message(server->get(), 5000);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_TRUE(closed->closed);
}

TEST_F(UnixSocket, NobodyListeningIsNotFound) {
  listener.reset();
  auto client = connect_unix(path());
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().code, ErrorCode::not_found);
  auto nowhere = connect_unix(dir.path() / "missing.sock");
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace drover
