// Engine: saved chains ("templates"), kept in the store by name.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "sched/engine.h"

namespace drover {
namespace {

constexpr std::size_t kMaxNameLength = 100;

Status check_template_name(const std::string& name) {
  bool valid =
      !name.empty() && name.size() <= kMaxNameLength &&
      std::isalnum(static_cast<unsigned char>(name[0])) &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      });
  if (valid) return {};
  return make_error(ErrorCode::invalid,
                    "template name \"{}\" is not valid: use up to {} letters, digits, '-', '_' "
                    "or '.', starting with a letter or digit",
                    name, kMaxNameLength);
}

}  // namespace

Result<std::vector<ChainTemplate>> Engine::templates() { return m_store.list_templates(); }

Result<ChainTemplate> Engine::find_template(const std::string& name) {
  DROVER_TRY(found, m_store.find_template(name));
  if (!found->has_value()) {
    return make_error(ErrorCode::not_found, "no template \"{}\"; `drover template ls` lists them",
                      name);
  }
  return std::move(**found);
}

void Engine::save_template(std::string name, ChainSpec chain, Reply<ChainTemplate> reply) {
  if (Status valid = check_template_name(name); !valid) return reply(valid.error());
  ChainReport report = validate_chain(chain, m_config);
  if (!report.valid()) return reply(chain_error(report));
  if (chain.name.empty()) chain.name = name;
  ChainTemplate saved{name, chain_to_json(chain), m_clock.now()};
  m_commit.batch().template_puts.push_back(saved);
  m_commit.request(Durability::full, [saved, reply = std::move(reply)](Status status) {
    if (!status) return reply(status.error());
    reply(saved);
  });
}

void Engine::delete_template(std::string name, Reply<std::string> reply) {
  auto found = find_template(name);
  if (!found) return reply(found.error());
  m_commit.batch().template_deletes.push_back(name);
  m_commit.request(Durability::full, [name, reply = std::move(reply)](Status status) {
    if (!status) return reply(status.error());
    reply(name);
  });
}

}  // namespace drover
