#include "cli/each_values.h"

namespace drover::cli {
namespace {

constexpr std::string_view kPlaceholder = "{}";

// Replaces every placeholder in `word`; true when there was one.
bool substitute(std::string& word, const std::string& value) {
  bool found = false;
  for (std::size_t at = word.find(kPlaceholder); at != std::string::npos;
       at = word.find(kPlaceholder, at + value.size())) {
    word.replace(at, kPlaceholder.size(), value);
    found = true;
  }
  return found;
}

}  // namespace

Result<std::vector<std::string>> each_values(const std::vector<std::string>& given,
                                             std::istream* in) {
  std::vector<std::string> values;
  for (const std::string& value : given) {
    if (value != "-") {
      values.push_back(value);
      continue;
    }
    if (in == nullptr) return Error{ErrorCode::usage, "--each -: there is no stdin to read"};
    for (std::string line; std::getline(*in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) values.push_back(std::move(line));
    }
  }
  if (values.empty()) return Error{ErrorCode::usage, "--each: no values, so no jobs to submit"};
  return values;
}

std::vector<std::string> words_for_value(const std::vector<std::string>& words,
                                         const std::string& value, bool append_when_absent) {
  std::vector<std::string> result = words;
  bool found = false;
  for (std::string& word : result) found = substitute(word, value) || found;
  if (!found && append_when_absent) result.push_back(value);
  return result;
}

}  // namespace drover::cli
