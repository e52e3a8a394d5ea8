#include "supervisord/rpc/rpc_process_ops.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "common/signals.h"
#include "supervisord/core/process.h"
#include "supervisord/core/process_group.h"
#include "supervisord/rpc/rpc_info.h"
#include "supervisord/rpc/rpc_namespec.h"
#include "supervisord/rpc/rpc_params.h"
#include "supervisord/core/supervisor.h"
#include "xmlrpc/faults.h"
#include "xmlrpc/writer.h"

namespace sup {
namespace {

namespace faults = xmlrpc::faults;

// Supervisor evaluates most deferred answers at most every 50 ms (their `delay`). Keeping
// that granularity matters beyond timing: members of a group operation that finish within
// one interval are reported in priority order, not in the order their children died.
constexpr std::chrono::milliseconds kDeferredDelay{50};

// Gates a waiter's evaluation to once per kDeferredDelay (`delay` false: every pass).
class Pacer {
 public:
  Pacer(Os& os, bool delay) : os_(&os), delay_(delay), last_(os.monotonic_now()) {}
  bool due() {
    if (!delay_) return true;
    auto now = os_->monotonic_now();
    if (now - last_ < kDeferredDelay) return false;
    last_ = now;
    return true;
  }

 private:
  Os* os_;
  bool delay_;
  MonotonicTime last_;
};

xmlrpc::Reply fault(int code, const std::string& detail) { return xmlrpc::Fault{code, faults::text(code, detail)}; }

xmlrpc::Reply done_true() { return xmlrpc::Value(true); }

struct ResultEntry {
  std::string name;
  std::string group;
  int status;
  std::string description;
};

ResultEntry entry_for(const Process& process, const xmlrpc::Reply& reply) {
  if (const auto* f = std::get_if<xmlrpc::Fault>(&reply)) {
    return {process.name(), process.group().name(), f->code, f->string};
  }
  return {process.name(), process.group().name(), faults::kSuccess, "OK"};
}

xmlrpc::Reply encode_results(const std::vector<ResultEntry>& results) {
  xmlrpc::EncodedValue encoded;
  encoded.xml.reserve(results.size() * 200 + 64);
  xmlrpc::Writer out(encoded.xml);
  out.begin_array();
  for (const auto& r : results) write_result(out, r.name, r.group, r.status, r.description);
  out.end_array();
  return encoded;
}

// A group operation whose deferred members are still running.
struct GroupRun {
  struct Pending {
    std::string name;
    std::string group;
    std::function<std::optional<xmlrpc::Reply>()> later;
  };
  std::vector<ResultEntry> results;
  std::vector<Pending> pending;
  xmlrpc::Responder respond;
};

}  // namespace

ProcessHandle::ProcessHandle(const Supervisor& supervisor, Process& process, std::shared_ptr<const std::uint64_t> removals)
    : supervisor_(&supervisor),
      group_(process.group().name()),
      name_(process.name()),
      process_(&process),
      removals_(std::move(removals)),
      seen_(*removals_) {}

Process* ProcessHandle::get() {
  if (*removals_ != seen_) {
    seen_ = *removals_;
    process_ = supervisor_->find_process(group_, name_);
  }
  return process_;
}

ProcessOp start_one(Supervisor& supervisor, Process& process, const std::string& namespec, bool wait,
                    const RemovalCounter& removals) {
  using Outcome = StartResult::Outcome;
  StartResult started = supervisor.start_process(process);
  switch (started.outcome) {
    case Outcome::kBadCommand: {
      int code = started.error->kind == SpawnError::Kind::kNotFound ? faults::kNoFile : faults::kNotExecutable;
      return {fault(code, started.error->text), {}};
    }
    case Outcome::kAlreadyStarted: return {fault(faults::kAlreadyStarted, namespec), {}};
    case Outcome::kUnknownState: return {fault(faults::kFailed, namespec + " is in an unknown process state"), {}};
    case Outcome::kSpawnError: return {fault(faults::kSpawnError, namespec), {}};
    case Outcome::kStarted:
    case Outcome::kWaiting: break;
  }
  if (!wait || process.state() == ProcessState::kRunning) return {done_true(), {}};
  ProcessHandle handle(supervisor, process, removals);
  auto later = [handle, namespec]() mutable -> std::optional<xmlrpc::Reply> {
    Process* p = handle.get();
    if (p == nullptr) return fault(faults::kAbnormalTermination, namespec);
    if (!p->spawnerr().empty()) return fault(faults::kSpawnError, namespec);
    const ProcessState now = p->state();
    if (now == ProcessState::kRunning) return done_true();
    if (p->waiting_to_start()) return std::nullopt;  // depends_on (ours)
    if (now != ProcessState::kStarting) return fault(faults::kAbnormalTermination, namespec);
    return std::nullopt;
  };
  return {std::nullopt, std::move(later), true};
}

ProcessOp stop_one(Supervisor& supervisor, Process& process, const std::string& namespec, bool wait,
                   const RemovalCounter& removals, ReapAfterStop reap) {
  using Outcome = StopResult::Outcome;
  StopResult stopped = supervisor.stop_process(process, reap);
  switch (stopped.outcome) {
    case Outcome::kNotRunning: return {fault(faults::kNotRunning, namespec), {}};
    case Outcome::kFailed: return {fault(faults::kFailed, stopped.message), {}};
    case Outcome::kStopped: return {done_true(), {}};
    case Outcome::kStopping: break;
  }
  if (!wait) return {done_true(), {}};
  ProcessHandle handle(supervisor, process, removals);
  auto later = [handle]() mutable -> std::optional<xmlrpc::Reply> {
    Process* p = handle.get();
    if (p == nullptr) return done_true();  // removed, hence stopped
    p->stop_report();
    if (!is_stopped_state(p->state())) return std::nullopt;
    return done_true();
  };
  return {std::nullopt, std::move(later)};
}

xmlrpc::Reply signal_one(Supervisor& supervisor, Process& process, const std::string& namespec,
                         const xmlrpc::Value& signal) {
  // datatypes.signal_number(): int() first, then a name; other types fail on .strip().
  std::string text;
  if (signal.is_string()) {
    text = signal.as_string();
  } else if (signal.is_int() || signal.is_bool() || signal.is_double()) {
    auto number = py_int(signal);
    if (auto* n = std::get_if<std::int64_t>(&number)) text = std::to_string(*n);
    // int() of a finite float beyond 64 bits is an int all the same, and no signal number.
    else if (signal.is_double() && std::isfinite(signal.as_double())) return fault(faults::kBadSignal, py_str(signal));
    else return xmlrpc::HttpError{500, "<class 'OverflowError'>:cannot convert float infinity to integer"};
  } else {
    return xmlrpc::HttpError{500, "<class 'AttributeError'>:'" + py_type_name(signal) + "' object has no attribute 'strip'"};
  }
  SignalParse parsed = parse_signal(text);
  if (parsed.error) return fault(faults::kBadSignal, py_str(signal));
  using Outcome = SignalResult::Outcome;
  SignalResult sent = supervisor.signal_process(process, parsed.number);
  switch (sent.outcome) {
    case Outcome::kNotRunning: return fault(faults::kNotRunning, namespec);
    case Outcome::kFailed: return fault(faults::kFailed, sent.message);
    case Outcome::kSent: break;
  }
  return done_true();
}

void finish_op(Supervisor& supervisor, ProcessOp op, const xmlrpc::Responder& respond) {
  if (op.now) {
    respond(std::move(*op.now));
    return;
  }
  supervisor.add_waiter(
      [later = std::move(op.later), respond, pacer = Pacer(supervisor.os(), op.delayed)]() mutable {
        if (!pacer.due()) return false;
        auto reply = later();
        if (!reply) return false;
        respond(std::move(*reply));
        return true;
      },
      kDeferredDelay);
}

void run_group_op(Supervisor& supervisor, const std::vector<Process*>& processes,
                  const std::function<bool(const Process&)>& predicate, const MemberOp& op,
                  const xmlrpc::Responder& respond) {
  auto run = std::make_shared<GroupRun>(GroupRun{{}, {}, respond});
  for (Process* process : processes) {
    if (!predicate(*process)) continue;
    ProcessOp result = op(*process, make_namespec(process->group().name(), process->name()));
    if (result.now) {
      if (std::holds_alternative<xmlrpc::HttpError>(*result.now)) {
        respond(std::move(*result.now));
        return;
      }
      run->results.push_back(entry_for(*process, *result.now));
    } else {
      run->pending.push_back({process->name(), process->group().name(), std::move(result.later)});
    }
  }
  if (run->pending.empty()) {
    respond(encode_results(run->results));
    return;
  }
  supervisor.add_waiter(
      [run, pacer = Pacer(supervisor.os(), true)]() mutable {
        if (!pacer.due()) return false;
        for (auto it = run->pending.begin(); it != run->pending.end();) {
          auto reply = it->later();
          if (!reply) {
            ++it;
            continue;
          }
          if (const auto* f = std::get_if<xmlrpc::Fault>(&*reply)) {
            run->results.push_back({it->name, it->group, f->code, f->string});
          } else {
            run->results.push_back({it->name, it->group, faults::kSuccess, "OK"});
          }
          it = run->pending.erase(it);
        }
        if (!run->pending.empty()) return false;
        run->respond(encode_results(run->results));
        return true;
      },
      kDeferredDelay);
}

std::vector<Process*> group_members_by_priority(const ProcessGroup& group) {
  std::vector<Process*> out;
  out.reserve(group.processes().size());
  for (const auto& p : group.processes()) out.push_back(p.get());
  std::stable_sort(out.begin(), out.end(),
                   [](const Process* a, const Process* b) { return a->config().priority < b->config().priority; });
  return out;
}

std::vector<Process*> all_processes_by_priority(const Supervisor& supervisor) {
  std::vector<Process*> out;
  for (const auto& group : supervisor.groups()) {
    auto members = group_members_by_priority(*group);
    out.insert(out.end(), members.begin(), members.end());
  }
  return out;
}

}  // namespace sup
