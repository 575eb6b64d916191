// The OpenAPI 3.1 document of the HTTP API: src/api/openapi.json, embedded
// at build time (cmake/embed_text.cmake), served at GET /api/openapi.json.
// Edit the JSON file; tests/openapi validates it against the OpenAPI schema.
#pragma once

#include <string_view>

namespace drover {

std::string_view openapi_document();

}  // namespace drover
