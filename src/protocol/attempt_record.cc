#include "protocol/attempt_record.h"

#include "protocol/json_text.h"

namespace drover {
namespace {

bool is_padding(char c) { return c == ' ' || c == '\n'; }

}  // namespace

Result<std::string> format_slot(RecordSlot slot, std::string_view json) {
  if (json.size() + 1 > slot.size) {
    return make_error(ErrorCode::invalid, "{}: a record of {} bytes does not fit in its {}",
                      kRecordFile, json.size(), slot.size);
  }
  std::string text(json);
  text.resize(slot.size - 1, ' ');
  text += '\n';
  return text;
}

Result<std::string> format_new_record(const ShimClaim& claim, bool reserve) {
  DROVER_TRY(text, format_slot(kClaimSlot, format_claim(claim)));
  if (!reserve) return std::move(*text);
  DROVER_TRY(start, format_slot(kStartSlot, ""));
  DROVER_TRY(exit, format_slot(kExitSlot, ""));
  return *text + *start + *exit;
}

std::string format_job_start(const ShimClaim& claim) {
  Json json = {{"job_pid", claim.job_pid.value_or(0)}, {"job_start_ticks", claim.job_start_ticks}};
  return to_json_text(json);
}

std::string_view slot_text(std::string_view record, RecordSlot slot) {
  if (record.size() <= slot.offset) return {};
  std::string_view text = record.substr(slot.offset, slot.size);
  while (!text.empty() && is_padding(text.back())) text.remove_suffix(1);
  while (!text.empty() && is_padding(text.front())) text.remove_prefix(1);
  return text;
}

Result<ShimClaim> parse_record_claim(std::string_view record) {
  std::string_view claim_text = slot_text(record, kClaimSlot);
  if (claim_text.empty()) return make_error(ErrorCode::not_found, "{}: no claim", kRecordFile);
  DROVER_TRY(claim, parse_claim(claim_text));
  if (std::string_view start_text = slot_text(record, kStartSlot); !start_text.empty()) {
    auto start = parse_claim(start_text);
    if (start && start->job_pid && *start->job_pid > 0) {
      claim->job_pid = start->job_pid;
      claim->job_start_ticks = start->job_start_ticks;
    }
  }
  return claim;
}

Result<ShimExit> parse_record_exit(std::string_view record) {
  std::string_view exit_text = slot_text(record, kExitSlot);
  if (exit_text.empty()) return make_error(ErrorCode::not_found, "{}: no exit yet", kRecordFile);
  return parse_exit(exit_text);
}

}  // namespace drover
