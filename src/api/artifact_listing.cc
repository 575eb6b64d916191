#include "api/artifact_listing.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <iterator>
#include <set>

#include "os/directory.h"
#include "os/open_beneath.h"

namespace drover {
namespace {

// The files of one walk: counted all, the first `limit` after the cursor kept.
class PageCollector {
 public:
  PageCollector(const std::string& cursor, std::size_t limit) : m_cursor(cursor), m_limit(limit) {}

  // One more regular file; `bytes` is asked only for a file that is kept.
  template <typename Bytes>
  void add(std::string path, Bytes bytes) {
    ++m_total;
    if (path <= m_cursor && !m_cursor.empty()) return;
    // One more than the page, to tell whether another page follows.
    if (m_kept.size() > m_limit && path >= m_kept.rbegin()->path) return;
    m_kept.insert(ArtifactFile{std::move(path), bytes()});
    if (m_kept.size() > m_limit + 1) m_kept.erase(std::prev(m_kept.end()));
  }

  ArtifactPage page(bool capped) && {
    ArtifactPage page;
    page.total = m_total;
    page.total_capped = capped;
    for (const ArtifactFile& file : m_kept) {
      if (page.files.size() == m_limit) break;
      page.files.push_back(file);
    }
    if (m_kept.size() > m_limit) page.next_cursor = page.files.back().path;
    return page;
  }

 private:
  struct ByPath {
    bool operator()(const ArtifactFile& a, const ArtifactFile& b) const { return a.path < b.path; }
  };
  const std::string& m_cursor;
  std::size_t m_limit;
  std::size_t m_total = 0;
  std::set<ArtifactFile, ByPath> m_kept;
};

std::uint64_t size_of(int dir_fd, const std::string& name) {
  struct stat status {};
  if (::fstatat(dir_fd, name.c_str(), &status, AT_SYMLINK_NOFOLLOW) != 0) return 0;
  return static_cast<std::uint64_t>(status.st_size);
}

}  // namespace

Result<ArtifactPage> list_artifacts(const ConfinedRoot& root, const std::string& cursor,
                                    std::size_t limit) {
  auto top = root.open();
  if (!top && top.error().code == ErrorCode::not_found) return ArtifactPage{};
  if (!top) return top.error();
  PageCollector collector(cursor, limit);
  // Folders still to read, by name: one descriptor open at a time, however wide the tree.
  std::vector<std::string> pending{""};
  std::size_t walked = 0;
  while (!pending.empty() && walked < kMaxArtifactsWalked) {
    std::string prefix = std::move(pending.back());
    pending.pop_back();
    UniqueFd opened;
    if (!prefix.empty()) {
      auto sub = open_beneath(top->get(), prefix, O_RDONLY | O_DIRECTORY);
      if (!sub) continue;  // gone, or replaced by a link: its files are not listed
      opened = std::move(*sub);
    }
    int folder = prefix.empty() ? top->get() : opened.get();
    auto entries = read_directory(folder, kMaxArtifactsWalked - walked);
    if (!entries) continue;
    walked += entries->size();
    for (DirectoryEntry& entry : *entries) {
      if (entry.kind == DirectoryEntry::Kind::file) {
        collector.add(prefix + entry.name, [&] { return size_of(folder, entry.name); });
      } else if (entry.kind == DirectoryEntry::Kind::directory) {
        pending.push_back(prefix + entry.name + "/");
      }
    }
  }
  return std::move(collector).page(walked >= kMaxArtifactsWalked);
}

}  // namespace drover
