#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace drover::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool has_header(const Headers& headers, const std::string& name) {
  for (const auto& [key, value] : headers) {
    if (lower(key) == lower(name)) return true;
  }
  return false;
}

// Status line and headers of `head` (without the blank line).
void parse_head(const std::string& head, HttpReply& reply) {
  std::size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  if (status_line.size() > 12) reply.status = std::atoi(status_line.c_str() + 9);
  std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    std::size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos, end - pos);
    std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::size_t value = line.find_first_not_of(' ', colon + 1);
      reply.headers[lower(line.substr(0, colon))] =
          value == std::string::npos ? "" : line.substr(value);
    }
    pos = end + 2;
  }
}

// Moves whole chunks from `raw` to `text`; true once the last chunk came.
bool move_chunks(std::string& raw, std::string& text) {
  while (true) {
    std::size_t line_end = raw.find("\r\n");
    if (line_end == std::string::npos) return false;
    std::size_t size = std::stoul(raw.substr(0, line_end), nullptr, 16);
    if (size == 0) return true;
    if (raw.size() < line_end + 2 + size + 2) return false;
    text += raw.substr(line_end + 2, size);
    raw.erase(0, line_end + 2 + size + 2);
  }
}

}  // namespace

nlohmann::json HttpReply::json() const {
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << "not JSON (status " << status << "): " << body;
  return parsed;
}

std::string HttpReply::header(const std::string& lower_case_name) const {
  auto it = headers.find(lower_case_name);
  return it == headers.end() ? "" : it->second;
}

Connection::Connection(const std::string& address) {
  std::size_t colon = address.rfind(':');
  sockaddr_in socket_address{};
  socket_address.sin_family = AF_INET;
  socket_address.sin_port =
      htons(static_cast<std::uint16_t>(std::atoi(address.c_str() + colon + 1)));
  ::inet_pton(AF_INET, address.substr(0, colon).c_str(), &socket_address.sin_addr);
  m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int rc = ::connect(m_fd, reinterpret_cast<sockaddr*>(&socket_address), sizeof(socket_address));
  EXPECT_EQ(rc, 0) << "cannot connect to " << address;
}

Connection::~Connection() {
  if (m_fd >= 0) ::close(m_fd);
}

bool Connection::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool Connection::read_some(std::string& into, std::chrono::milliseconds timeout) {
  pollfd fd{m_fd, POLLIN, 0};
  if (::poll(&fd, 1, static_cast<int>(timeout.count())) <= 0) return true;  // nothing yet
  char buffer[65536];
  ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), 0);
  if (n <= 0) return false;
  into.append(buffer, static_cast<std::size_t>(n));
  return true;
}

std::string Connection::read_all(std::chrono::milliseconds timeout) {
  std::string text;
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline && read_some(text, std::chrono::milliseconds(100))) {
  }
  return text;
}

std::string request_text(const std::string& method, const std::string& target,
                         const Headers& headers, const std::string& body) {
  std::string text = method + " " + target + " HTTP/1.1\r\n";
  for (const auto& [name, value] : headers) {
    if (!value.empty()) text += name + ": " + value + "\r\n";
  }
  if (!body.empty() && !has_header(headers, "Content-Length")) {
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return text + "Connection: close\r\n\r\n" + body;
}

HttpReply parse_reply(const std::string& raw) {
  HttpReply reply;
  std::size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    ADD_FAILURE() << "no HTTP response head in: " << raw.substr(0, 200);
    return reply;
  }
  parse_head(raw.substr(0, head_end), reply);
  std::string rest = raw.substr(head_end + 4);
  if (reply.header("transfer-encoding") == "chunked") {
    move_chunks(rest, reply.body);
  } else {
    reply.body = std::move(rest);
  }
  return reply;
}

ApiClient::ApiClient(std::string address, std::string token)
    : m_address(std::move(address)), m_token(std::move(token)) {}

int ApiClient::port() const { return std::atoi(m_address.c_str() + m_address.rfind(':') + 1); }

HttpReply ApiClient::send(const std::string& method, const std::string& target, Headers headers,
                          const std::string& body) const {
  if (!has_header(headers, "Host")) headers.emplace_back("Host", m_address);
  if (!has_header(headers, "Authorization"))
    headers.emplace_back("Authorization", "Bearer " + m_token);
  Connection connection(m_address);
  connection.write(request_text(method, target, headers, body));
  return parse_reply(connection.read_all(std::chrono::seconds(10)));
}

HttpReply ApiClient::post(const std::string& target, const nlohmann::json& body) const {
  return send("POST", target, {{"Content-Type", "application/json"}}, body.dump());
}

SseStream::SseStream(const ApiClient& api, const std::string& target, Headers headers)
    : m_connection(api.address()) {
  if (!has_header(headers, "Host")) headers.emplace_back("Host", api.address());
  if (!has_header(headers, "Authorization"))
    headers.emplace_back("Authorization", "Bearer " + api.token());
  headers.emplace_back("Accept", "text/event-stream");
  m_connection.write(request_text("GET", target, headers, ""));
  auto deadline = Clock::now() + std::chrono::seconds(10);
  std::string raw;
  while (raw.find("\r\n\r\n") == std::string::npos && Clock::now() < deadline) {
    if (!m_connection.read_some(raw, std::chrono::milliseconds(100))) break;
  }
  std::size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    ADD_FAILURE() << "no response head for " << target;
    m_ended = true;
    return;
  }
  parse_head(raw.substr(0, head_end), m_reply);
  m_chunked = m_reply.header("transfer-encoding") == "chunked";
  m_raw = raw.substr(head_end + 4);
  dechunk();
}

void SseStream::dechunk() {
  if (!m_chunked) {
    m_text += m_raw;
    m_raw.clear();
  } else if (move_chunks(m_raw, m_text)) {
    m_ended = true;
  }
}

bool SseStream::read_more(std::chrono::milliseconds timeout) {
  if (m_ended) return false;
  if (!m_connection.read_some(m_raw, timeout)) m_ended = true;
  dechunk();
  return true;
}

std::optional<SseEvent> SseStream::next(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    std::size_t block_end = m_text.find("\n\n");
    while (block_end != std::string::npos) {
      std::string block = m_text.substr(0, block_end + 1);
      m_text.erase(0, block_end + 2);
      SseEvent event;
      bool has_data = false;
      for (std::size_t pos = 0; pos < block.size();) {
        std::size_t end = block.find('\n', pos);
        std::string line = block.substr(pos, end - pos);
        pos = end + 1;
        auto field = [&](const char* name) { return line.rfind(name, 0) == 0; };
        if (field("id: ")) event.id = line.substr(4);
        if (field("event: ")) event.event = line.substr(7);
        if (field("data: ")) {
          event.data += (has_data ? "\n" : "") + line.substr(6);
          has_data = true;
        }
      }
      if (has_data) return event;
      block_end = m_text.find("\n\n");
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0 || m_ended) return std::nullopt;
    read_more(std::min(left, std::chrono::milliseconds(50)));
  }
}

}  // namespace drover::testing
