// Test-only: a minimal blocking HTTP/1.1 client over one raw loopback
// connection, for the server tests (no Beast on the client side, so the
// tests do not share the server's parser).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orelog::server {

using Clock = std::chrono::steady_clock;

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// A minimal blocking HTTP/1.1 client over one loopback connection; every
// receive waits at most 5 s so that a broken server fails instead of hanging.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() { ::close(fd_); }
  bool connected() const { return connected_; }

  bool Send(std::string_view s) {
    while (!s.empty()) {
      ssize_t n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      s.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Waits up to `timeout` for data; false on EOF, error or timeout.
  bool Fill(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char buf[16384];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    in_.append(buf, static_cast<size_t>(n));
    return true;
  }

  // True if the server closed the connection (EOF or reset) within `timeout`.
  bool ClosedWithin(std::chrono::milliseconds timeout) {
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return true;
    }
    return false;
  }

  std::optional<HttpReply> Read() {
    size_t end;
    while ((end = in_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    HttpReply r;
    std::string head = in_.substr(0, end);
    in_.erase(0, end + 4);
    size_t line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    r.status = std::stoi(status_line.substr(9, 3));
    size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      size_t e = head.find("\r\n", pos);
      if (e == std::string::npos) e = head.size();
      std::string line = head.substr(pos, e - pos);
      size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[name] = value;
      pos = e + 2;
    }
    size_t length = std::stoul(r.headers.count("content-length") ? r.headers["content-length"] : "0");
    while (in_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    r.body = in_.substr(0, length);
    in_.erase(0, length);
    return r;
  }

  // Sends one request; `headers` are full lines without CRLF. A body gets
  // its Content-Length.
  std::optional<HttpReply> Request(const std::string& method, const std::string& target,
                                   const std::vector<std::string>& headers = {}, const std::string& body = "") {
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const std::string& h : headers) req += h + "\r\n";
    if (!body.empty() || method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    req += "\r\n";
    req += body;
    if (!Send(req)) return std::nullopt;
    return Read();
  }

  std::optional<HttpReply> Get(const std::string& target, bool close = false) {
    std::string req = "GET " + target;
    req += " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (close) req += "Connection: close\r\n";
    req += "\r\n";
    if (!Send(req)) return std::nullopt;
    return Read();
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string in_;
};

}  // namespace orelog::server
