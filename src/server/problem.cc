#include "server/problem.h"

#include <cstdio>

namespace orelog::server {
namespace {

const char* Slug(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid-argument";
    case Code::kNotFound: return "not-found";
    case Code::kAlreadyExists: return "already-exists";
    case Code::kFailedPrecondition: return "failed-precondition";
    case Code::kVerificationFailed: return "verification-failed";
    case Code::kCorruption: return "corruption";
    case Code::kIOError: return "io-error";
    case Code::kUnavailable: return "unavailable";
    case Code::kInternal: return "internal";
  }
  return "internal";
}

const char* Reason(int http_status) {
  switch (http_status) {
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 422: return "Unprocessable Content";
    case 431: return "Request Header Fields Too Large";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return http_status >= 500 ? "Internal Server Error" : "Error";
  }
}

// Length of the valid UTF-8 sequence at s[i], or 0 if it is invalid.
size_t Utf8Len(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  }
  if (n == 2 && c < 0xC2) return 0;                                  // overlong
  if (n == 3 && c == 0xE0 && b(i + 1) < 0xA0) return 0;              // overlong
  if (n == 3 && c == 0xED && b(i + 1) >= 0xA0) return 0;             // surrogate
  if (n == 4 && c == 0xF0 && b(i + 1) < 0x90) return 0;              // overlong
  if (n == 4 && (c > 0xF4 || (c == 0xF4 && b(i + 1) >= 0x90))) return 0;  // > U+10FFFF
  return n;
}

std::string Build(std::string_view type, std::string_view title, int http_status, std::string_view detail) {
  std::string out = "{\"type\":";
  out += JsonString(type);
  out += ",\"title\":";
  out += JsonString(title);
  out += ",\"status\":";
  out += std::to_string(http_status);
  out += ",\"detail\":";
  out += JsonString(detail);
  out += "}";
  return out;
}

}  // namespace

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kInvalidArgument: return 400;
    case Code::kNotFound: return 404;
    case Code::kAlreadyExists: return 409;
    case Code::kFailedPrecondition: return 409;
    case Code::kVerificationFailed: return 422;
    case Code::kUnavailable: return 503;
    default: return 500;
  }
}

std::string JsonString(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
      ++i;
    } else if (size_t n = Utf8Len(s, i); n > 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    }
  }
  out += '"';
  return out;
}

Problem MakeProblem(const Status& status) {
  Problem p;
  p.http_status = HttpStatusFor(status.code());
  std::string type = "urn:orelog:problem:";
  type += Slug(status.code());
  std::string_view detail = status.message();
  if (p.http_status == 500) detail = "the server could not complete the request";
  if (status.code() == Code::kUnavailable) p.retry_after_seconds = 1;
  p.body = Build(type, Reason(p.http_status), p.http_status, detail);
  return p;
}

Problem MakeEpcisProblem(int http_status, std::string_view exception_type, std::string_view detail,
                         std::string_view pointer, std::string_view extra_members) {
  Problem p;
  p.http_status = http_status;
  p.body = Build(exception_type, Reason(http_status), http_status, http_status == 500 ? "the server could not complete the request" : detail);
  p.body.pop_back();  // reopen the object for the extension members
  if (!pointer.empty()) {
    p.body += ",\"pointer\":";
    p.body += JsonString(pointer);
  }
  if (!extra_members.empty()) {
    p.body += ",";
    p.body += extra_members;
  }
  p.body += "}";
  if (http_status == 503) p.retry_after_seconds = 1;
  return p;
}

Problem MakeHttpProblem(int http_status, std::string_view detail) {
  Problem p;
  p.http_status = http_status;
  p.body = Build("about:blank", Reason(http_status), http_status, detail);
  return p;
}

}  // namespace orelog::server
