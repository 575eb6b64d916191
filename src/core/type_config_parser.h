// Reads the `[types.NAME]` tables of drover.toml: fields, the parameter
// schema, and the checks that tie a type to the rest of the file (its queue,
// its resources, its templates' params, its after_types). Internal to the
// config parser (config_parser.cc).
#pragma once

#include "core/config.h"
#include "core/toml_fields.h"

namespace drover {

// Reads the whole `types` table into config.types. Queues and resources must
// already be read: a type naming an undeclared one is an error.
Status read_types(const Field& field, Config& config);

}  // namespace drover
