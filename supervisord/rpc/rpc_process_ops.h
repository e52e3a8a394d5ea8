// Start, stop and signal of single processes and of groups, with the checks, fault texts and
// deferred completion of Supervisor's startProcess / stopProcess / signalProcess and its
// make_allfunc group runner (http-xmlrpc.md §7.8, §7.9, result structs §7.10).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "supervisord/core/supervisor.h"
#include "xmlrpc/registry.h"

namespace sup {

// A reference to a process that survives group removal between loop passes: the pointer is
// re-resolved by name whenever a group was removed since it was taken. Waiters live inside
// the Supervisor, so `supervisor` outlives every handle they hold.
class ProcessHandle {
 public:
  ProcessHandle(const Supervisor& supervisor, Process& process, std::shared_ptr<const std::uint64_t> removals);
  // nullptr once the process is gone.
  Process* get();

 private:
  const Supervisor* supervisor_;
  std::string group_;
  std::string name_;
  Process* process_;
  std::shared_ptr<const std::uint64_t> removals_;
  std::uint64_t seen_;
};

// The answer of a one-process operation: either known now, or polled after every pass
// (`later` returns nullopt while not done).
struct ProcessOp {
  std::optional<xmlrpc::Reply> now;
  std::function<std::optional<xmlrpc::Reply>()> later;
  // `later` is evaluated at most every 50 ms, as Supervisor's callbacks with a delay are.
  bool delayed = false;
};

// Counts group removals; shared with the handles taken while it lived.
using RemovalCounter = std::shared_ptr<const std::uint64_t>;

ProcessOp start_one(Supervisor& supervisor, Process& process, const std::string& namespec, bool wait,
                    const RemovalCounter& removals);
ProcessOp stop_one(Supervisor& supervisor, Process& process, const std::string& namespec, bool wait,
                   const RemovalCounter& removals, ReapAfterStop reap = ReapAfterStop::kNow);
xmlrpc::Reply signal_one(Supervisor& supervisor, Process& process, const std::string& namespec,
                         const xmlrpc::Value& signal);

// Answers `respond` once `op` has finished, through a Supervisor waiter when deferred.
void finish_op(Supervisor& supervisor, ProcessOp op, const xmlrpc::Responder& respond);

// make_allfunc: applies `op` to each of `processes` (already in order) for which `predicate`
// holds and answers an array of result structs: immediate outcomes in order, then deferred
// ones as they complete. An HttpError from any member fails the whole call.
using MemberOp = std::function<ProcessOp(Process& process, const std::string& namespec)>;
void run_group_op(Supervisor& supervisor, const std::vector<Process*>& processes,
                  const std::function<bool(const Process&)>& predicate, const MemberOp& op,
                  const xmlrpc::Responder& respond);

// The group's processes in ascending priority (stable), and all processes of all groups in
// group priority order then process priority, as Supervisor's _getAllProcesses().
std::vector<Process*> group_members_by_priority(const ProcessGroup& group);
std::vector<Process*> all_processes_by_priority(const Supervisor& supervisor);

}  // namespace sup
