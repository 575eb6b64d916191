// Templates with `{name}` placeholders: argv templates of job types, the
// script of `shell = true` types, and key/conflict templates, and their
// expansion with a job's params; the config parser uses
// check_command_template to refuse a bad template when the file is loaded
// rather than when a job starts.
//
// Syntax: `{name}` names a param (letters, digits, '-', '_'); `{{` and `}}`
// are literal braces; any other brace is literal text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"

namespace drover {

// Expands the type's argv template with the params: each `{name}` is replaced
// inside its own argv element, never through a shell. A value starting with
// '-' that would become a whole argv element is refused unless the param
// allows it. The `shell` type takes its argv from params.argv.
// Details: an element that is exactly `{list}` for an array
// param becomes one element per item; an element naming an optional param
// that was not given is left out; `{{` and `}}` are literal braces;
// `shell = true` types give ["/bin/sh", "-c", script, args...] with every
// value substituted into the script single-quoted.
Result<std::vector<std::string>> expand_command(const TypeConfig& type, const Json& params);

// Expands a key/conflict template like "source:{source_id}"; nullopt when a
// named param is missing.
std::optional<std::string> expand_template(std::string_view pattern, const Json& params);

struct TemplatePart {
  std::string text;  // literal text, or the param's name
  bool is_param = false;
};

// Splits a template into literal text and placeholders; literals are never empty.
std::vector<TemplatePart> parse_template(std::string_view pattern);

// The value of a param as it appears in text: strings as they are, numbers
// and booleans as JSON writes them, arrays and objects as JSON.
std::string param_text(const Json& value);

// 'value' for /bin/sh: single quotes, with ' written as '\''.
std::string shell_quote(std::string_view value);

// Where a placeholder sits in a /bin/sh script.
struct ShellPlacement {
  bool quoted = false;       // inside '...' or "..." written by the template's author
  bool starts_word = false;  // a value placed here begins a word: it could be an option
  bool ends_word = false;
};
// One placement per placeholder of `parts`, in order.
std::vector<ShellPlacement> shell_placements(const std::vector<TemplatePart>& parts);

// What is wrong with a template that may only name the type's params
// ("key names {foo}, which is not a declared param; ..."); nullopt when fine.
// `where` names the template in the message: "key", "command[2]".
std::optional<std::string> check_template_params(std::string_view pattern, const TypeConfig& type,
                                                 std::string_view where);

// What is wrong with the type's command template: a placeholder naming no
// declared param, an array param inside other text, a placeholder quoted
// inside a shell script; nullopt when it is fine.
std::optional<std::string> check_command_template(const TypeConfig& type);

}  // namespace drover
