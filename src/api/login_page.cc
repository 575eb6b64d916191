#include "api/login_page.h"

#include <fmt/format.h>

namespace drover {
namespace {

std::string escape_html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr std::string_view kPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>drover: sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font:16px system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}}
input,button{{font:inherit;padding:.4rem}}input{{width:100%;box-sizing:border-box}}
.notice{{color:#b00020}}</style></head>
<body><h1>drover</h1>
{}<form method="post" action="/login">
<p><label for="token">API token (the <code>token</code> file in the state dir)</label></p>
<p><input id="token" name="token" type="password" autocomplete="current-password" required autofocus></p>
<p><button type="submit">Sign in</button></p>
</form></body></html>
)";

}  // namespace

HttpResponse login_page(int status, std::string_view notice) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  std::string notice_html =
      notice.empty() ? "" : fmt::format("<p class=\"notice\">{}</p>\n", escape_html(notice));
  response.body = fmt::format(kPage, notice_html);
  response.headers = {{"Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"},
                      {"X-Frame-Options", "DENY"}};
  return response;
}

}  // namespace drover
