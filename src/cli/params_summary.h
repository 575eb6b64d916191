// What tells one job from another of its type, on one line, as the web UI
// shows it (web/src/params_summary.js): the params named by the type's key
// template first, then the required ones, then the rest in drover.toml's
// order, leaving out values equal to their default: "source_id=wiki
// items=5000". A shell job shows its command, shell-quoted.
#pragma once

#include <map>
#include <string>

#include "core/job.h"

namespace drover::cli {

// The types as GET /api/types lists them, by name.
using TypeCatalog = std::map<std::string, Json>;

TypeCatalog type_catalog(const Json& types_answer);

// `type` is the job's entry of the catalog; null when unknown (then the
// params go in their JSON order, none left out).
std::string params_summary(const Job& job, const Json& type);

}  // namespace drover::cli
