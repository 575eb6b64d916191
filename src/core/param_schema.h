// The parameter schema of a job type: which JSON types a param may have and
// how one value is checked against its ParamSpec, a submit's params as a
// whole, and a value typed on a command line. The config parser uses them to
// check declared defaults.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"

namespace drover {

// Checks submitted params against the type's schema and fills defaults.
// Every bad field is named in the one error returned.
Result<Json> validate_params(const TypeConfig& type, const Json& params);

// Reads a param value typed on a command line (`drover submit T count=3`) as
// the JSON its spec wants: integers, numbers, true/false, arrays and objects
// as JSON text (or comma-separated for arrays of strings), strings as they are.
Result<Json> parse_param_text(const ParamSpec& spec, std::string_view text);

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
