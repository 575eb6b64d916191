// One page of a job's artifacts: the regular files under its folder,
// sorted by path, after a cursor (the last path of the previous page).
// Links, pipes and other special files are left out, and never followed.
// The walk is bounded: past kMaxArtifactsWalked entries it stops and says
// the total is capped, so a job that wrote millions of files costs a
// bounded time. Meant to run off the event loop (it reads folders).
//
// Thread-safety: no state; safe on any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/confined_path.h"
#include "core/result.h"

namespace drover {

inline constexpr std::size_t kMaxArtifactsPage = 1000;
inline constexpr std::size_t kMaxArtifactsWalked = 100'000;

struct ArtifactFile {
  std::string path;  // relative to the artifacts folder
  std::uint64_t bytes = 0;
};

struct ArtifactPage {
  std::vector<ArtifactFile> files;
  std::size_t total = 0;      // regular files seen
  bool total_capped = false;  // the walk stopped at kMaxArtifactsWalked
  std::optional<std::string> next_cursor;
};

// Files after `cursor` (empty: from the start), at most `limit` of them.
// A folder that does not exist yet is an empty page.
Result<ArtifactPage> list_artifacts(const ConfinedRoot& root, const std::string& cursor,
                                    std::size_t limit);

}  // namespace drover
