// Chains and their templates: `chain validate|submit`, `template
// ls|save|rm`. A chain file is TOML or JSON; the daemon validates it.
#include <fmt/format.h>

#include <array>
#include <ostream>

#include "cli/chain_file.h"
#include "cli/command_table.h"
#include "cli/follow.h"
#include "cli/job_list_view.h"
#include "cli/table.h"
#include "core/duration.h"

namespace drover::cli {
namespace {

// "phase 2 (index): message" per finding, the way validation reports them.
std::string finding_line(const Json& finding) {
  std::string where;
  if (finding["phase"].is_number()) {
    where = fmt::format("phase {} ({}): ", finding["phase"].get<int>(),
                        finding.value("type", std::string()));
  }
  return where + finding.value("message", "");
}

void print_findings(std::ostream& out, const Json& findings, std::string_view kind) {
  for (const Json& finding : findings) out << fmt::format("{}: {}\n", kind, finding_line(finding));
}

// An invalid chain: each error on its own line (and its warnings).
int fail_chain(Context& context, const Error& error) {
  if (!error.details.is_object() || !error.details.contains("errors")) return context.fail(error);
  if (context.global.json) {
    context.print_json({{"error", {{"message", error.message}, {"details", error.details}}}});
    return exit_code_for(error.code);
  }
  context.err << "drover: the chain has errors, nothing was submitted\n";
  print_findings(context.err, error.details["errors"], "  error");
  print_findings(context.err, error.details["warnings"], "  warning");
  return exit_code_for(error.code);
}

void configure_validate(CLI::App& command, CommandArgs& args) {
  command.add_option("FILE", args.file, "the chain file (TOML, or JSON when it ends in .json)")
      ->required();
}

int run_validate(Context& context) {
  auto chain = read_chain_file(context.args.file);
  if (!chain) return context.fail(chain.error());
  auto report = context.client().post("/api/chains/validate", *chain);
  if (!report) return context.fail(report.error());
  int code = (*report)["valid"].get<bool>() ? 0 : exit_code_for(ErrorCode::invalid);
  if (context.global.json) {
    context.print_json(*report);
    return code;
  }
  print_findings(context.out, (*report)["errors"], "error");
  print_findings(context.out, (*report)["warnings"], "warning");
  if (code == 0) {
    context.out << fmt::format("{}: valid, {} warning(s)\n", context.args.file,
                               (*report)["warnings"].size());
  }
  return code;
}

void configure_submit_chain(CLI::App& command, CommandArgs& args) {
  command.add_option("FILE", args.file, "the chain file (TOML, or JSON when it ends in .json)");
  command.add_option("--template", args.template_name, "run a saved chain instead of a file");
  command.add_flag("--follow", args.follow, "watch the chain's progress until it ends");
}

int run_submit_chain(Context& context) {
  const CommandArgs& args = context.args;
  if (args.file.empty() == !args.template_name) {
    return context.fail({ErrorCode::usage,
                         "give a chain FILE or --template NAME (one of them): drover chain "
                         "submit FILE"});
  }
  Json body;
  if (args.template_name) {
    body = {{"template", *args.template_name}};
  } else {
    auto chain = read_chain_file(args.file);
    if (!chain) return context.fail(chain.error());
    body = std::move(*chain);
  }
  auto parent = context.client().post("/api/chains", body);
  if (!parent) return fail_chain(context, parent.error());
  print_findings(context.err, (*parent)["warnings"], "drover: warning");
  if (context.global.json) {
    context.print_json(*parent);
  } else {
    context.out << (*parent)["id"].get<JobId>() << "\n";
  }
  context.out.flush();
  return args.follow ? follow_job(context, (*parent)["id"].get<JobId>()) : 0;
}

int run_template_ls(Context& context) {
  auto answer = context.client().get("/api/templates");
  if (!answer) return context.fail(answer.error());
  const Json& templates = (*answer)["templates"];
  if (context.global.json) return context.print_json(templates);
  if (templates.empty()) {
    context.out << "No templates yet; save one with `drover template save NAME FILE`.\n";
    return 0;
  }
  Table table({{"NAME"}, {"PHASES", false, 1}, {"SAVED"}});
  for (const Json& saved : templates) {
    std::string phases;
    for (const Json& phase : saved["chain"].value("phases", Json::array())) {
      phases += (phases.empty() ? "" : " → ") + phase.value("type", std::string());
    }
    auto at = parse_rfc3339(saved.value("updated_at", ""));
    table.add_row(
        {{saved.value("name", "")}, {phases}, {at ? format_age(*at, context.clock.now()) : ""}});
  }
  context.out << render_table(table, context.view());
  return 0;
}

void configure_template_save(CLI::App& command, CommandArgs& args) {
  command.add_option("NAME", args.name, "the template's name")->required();
  command.add_option("FILE", args.file, "the chain file (TOML, or JSON when it ends in .json)")
      ->required();
}

int run_template_save(Context& context) {
  auto chain = read_chain_file(context.args.file);
  if (!chain) return context.fail(chain.error());
  auto saved = context.client().put("/api/templates/" + url_encode(context.args.name), *chain);
  if (!saved) return fail_chain(context, saved.error());
  if (context.global.json) return context.print_json(*saved);
  context.out << fmt::format("template {} saved\n", context.args.name);
  return 0;
}

void configure_template_name(CLI::App& command, CommandArgs& args) {
  command.add_option("NAME", args.name, "the template's name")->required();
}

int run_template_rm(Context& context) {
  auto removed = context.client().del("/api/templates/" + url_encode(context.args.name));
  if (!removed) return context.fail(removed.error());
  if (context.global.json) return context.print_json(*removed);
  context.out << fmt::format("template {} removed\n", context.args.name);
  return 0;
}

int run_chain_group(Context& context) {
  return context.fail(
      {ErrorCode::usage, "which one? drover chain validate FILE | chain submit FILE"});
}

constexpr std::array<CommandSpec, 7> kChainCommands{{
    {"chain", "", "combined jobs: validate or submit a chain of phases", nullptr, run_chain_group},
    {"chain validate", "", "check a chain file: errors and warnings by phase", configure_validate,
     run_validate},
    {"chain submit", "", "run a chain from a file or a saved template", configure_submit_chain,
     run_submit_chain},
    {"template", "", "saved chains (same as template ls)", nullptr, run_template_ls},
    {"template ls", "", "list saved chains", nullptr, run_template_ls},
    {"template save", "", "save a chain file under a name", configure_template_save,
     run_template_save},
    {"template rm", "", "remove a saved chain", configure_template_name, run_template_rm},
}};

}  // namespace

std::span<const CommandSpec> chain_commands() { return kChainCommands; }

}  // namespace drover::cli
