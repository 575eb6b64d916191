// The parameter schema of a job type: which JSON types a param may have and
// how one value is checked against its ParamSpec. validate_params and
// parse_param_text (config.h) are built on these; the config parser uses
// them to check declared defaults.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"

namespace drover {

// string, integer, number, boolean, array, object.
bool is_param_type(std::string_view name);
// "string, integer, number, boolean, array or object", for error messages.
std::string param_type_list();

// What is wrong with `value` for `spec`, each phrased after the param's name
// ("dest must be a string, got 12"); empty when the value is fine.
std::vector<std::string> check_param_value(const ParamSpec& spec, const Json& value);

// The type's params as a JSON Schema object (draft 2020-12 keywords), for
// `GET /api/types` and the web UI's forms. Patterns are anchored (^...$)
// because drover matches the whole value. "x-order" lists the param names in
// drover.toml's declaration order.
Json params_json_schema(const TypeConfig& type);

// A short rendering of a value for "got ...": JSON text, cut to ~60 bytes
// at a character boundary, invalid UTF-8 replaced.
std::string describe_json(const Json& value);

}  // namespace drover
