// ResponseStream: the sending end of a long-lived response (Server-Sent
// Events). A handler answers with HttpResponse::event_stream; once the head
// is sent it gets the stream and keeps it while it has more to say.
//
// Promises: send() never blocks and never grows memory without bound: a
// client whose unsent backlog passes the server's cap is disconnected (an
// EventSource reconnects with Last-Event-ID). on_close callbacks run once,
// after the connection is gone, from the event loop (never inside send()).
//
// Thread-safety: use from the io_context's thread only.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

namespace drover {

class ResponseStream {
 public:
  virtual ~ResponseStream() = default;

  // Queues text for the client; false once the connection is closed.
  virtual bool send(std::string text) = 0;
  // Sends what is queued, then ends the response and closes the connection.
  virtual void end() = 0;
  virtual bool closed() const = 0;
  // Runs once the connection is closed, whoever closed it.
  virtual void on_close(std::function<void()> callback) = 0;
  // Where the writer's own timers (polling, keep-alives) should run.
  virtual boost::asio::any_io_executor executor() = 0;
};

// Given the stream once the response head is on its way.
using StreamStarter = std::function<void(std::shared_ptr<ResponseStream>)>;

}  // namespace drover
