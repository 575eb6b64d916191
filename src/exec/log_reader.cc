#include "exec/log_reader.h"

#include <fstream>

namespace drover {
namespace {

// Byte offset where the last `lines` lines of the file begin.
std::uint64_t tail_offset(std::ifstream& file, std::uint64_t size, std::uint64_t lines) {
  constexpr std::uint64_t kBlock = 64 * 1024;
  std::uint64_t end = size;
  std::uint64_t newlines = 0;
  std::string block;
  // A final newline ends the last line; it does not start another.
  std::uint64_t pos = size;
  while (pos > 0) {
    std::uint64_t start = pos > kBlock ? pos - kBlock : 0;
    block.resize(pos - start);
    file.seekg(static_cast<std::streamoff>(start));
    file.read(block.data(), static_cast<std::streamsize>(block.size()));
    for (std::uint64_t i = block.size(); i-- > 0;) {
      if (block[i] != '\n' || start + i + 1 == end) continue;
      if (++newlines == lines) return start + i + 1;
    }
    pos = start;
  }
  return 0;
}

}  // namespace

Result<LogChunk> read_log_file(const std::filesystem::path& path, std::uint64_t offset,
                               std::optional<std::uint64_t> tail_lines, std::uint64_t max_bytes) {
  LogChunk chunk;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    chunk.next_offset = offset;
    return chunk;  // the attempt has not written anything yet
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error(ErrorCode::io, "cannot read {}", path.string());
  file.seekg(0, std::ios::end);
  chunk.size = static_cast<std::uint64_t>(file.tellg());
  if (tail_lines) offset = tail_offset(file, chunk.size, *tail_lines);
  if (offset > chunk.size) offset = chunk.size;
  std::uint64_t length = std::min(chunk.size - offset, max_bytes);
  chunk.text.resize(length);
  file.clear();
  file.seekg(static_cast<std::streamoff>(offset));
  file.read(chunk.text.data(), static_cast<std::streamsize>(length));
  chunk.next_offset = offset + length;
  return chunk;
}

}  // namespace drover
