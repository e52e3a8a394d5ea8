#include "supervisord/rpc/rpc_docs.h"

#include <algorithm>

namespace sup {
namespace {

// Supervisor's docstrings, including their leading space and indentation.
std::vector<RpcMethodDoc> make_docs() {
  return {
    {"addProcessGroup", {"boolean", "string"},
     R"doc( Update the config for a running process from config file.

        @param string name         name of process group to add
        @return boolean result     true if successful
        )doc"},
    {"clearAllProcessLogs", {"array"},
     R"doc( Clear all process log files

        @return array result   An array of process status info structs
        )doc"},
    {"clearLog", {"boolean"},
     R"doc( Clear the main log.

        @return boolean result always returns True unless error
        )doc"},
    {"clearProcessLog", {"boolean", "string"},
     R"doc( Clear the stdout and stderr logs for the named process and
        reopen them.

        @param string name   The name of the process (or 'group:name')
        @return boolean result      Always True unless error
        )doc"},
    {"clearProcessLogs", {"boolean", "string"},
     R"doc( Clear the stdout and stderr logs for the named process and
        reopen them.

        @param string name   The name of the process (or 'group:name')
        @return boolean result      Always True unless error
        )doc"},
    {"getAPIVersion", {"string"},
     R"doc( Return the version of the RPC API used by supervisord

        @return string version id
        )doc"},
    {"getAllConfigInfo", {"array"},
     R"doc( Get info about all available process configurations. Each struct
        represents a single process (i.e. groups get flattened).

        @return array result  An array of process config info structs
        )doc"},
    {"getAllProcessInfo", {"array"},
     R"doc( Get info about all processes

        @return array result  An array of process status results
        )doc"},
    {"getIdentification", {"string"},
     R"doc( Return identifying string of supervisord

        @return string identifier identifying string
        )doc"},
    {"getPID", {"int"},
     R"doc( Return the PID of supervisord

        @return int PID
        )doc"},
    {"getProcessInfo", {"struct", "string"},
     R"doc( Get info about a process named name

        @param string name The name of the process (or 'group:name')
        @return struct result     A structure containing data about the process
        )doc"},
    {"getState", {"struct"},
     R"doc( Return current state of supervisord as a struct

        @return struct A struct with keys int statecode, string statename
        )doc"},
    {"getSupervisorVersion", {"string"},
     R"doc( Return the version of the supervisor package in use by supervisord

        @return string version id
        )doc"},
    {"getVersion", {"string"},
     R"doc( Return the version of the RPC API used by supervisord

        @return string version id
        )doc"},
    {"readLog", {"string", "int", "int"},
     R"doc( Read length bytes from the main log starting at offset

        @param int offset         offset to start reading from.
        @param int length         number of bytes to read from the log.
        @return string result     Bytes of log
        )doc"},
    {"readMainLog", {"string", "int", "int"},
     R"doc( Read length bytes from the main log starting at offset

        @param int offset         offset to start reading from.
        @param int length         number of bytes to read from the log.
        @return string result     Bytes of log
        )doc"},
    {"readProcessLog", {"string", "string", "int", "int"},
     R"doc( Read length bytes from name's stdout log starting at offset

        @param string name        the name of the process (or 'group:name')
        @param int offset         offset to start reading from.
        @param int length         number of bytes to read from the log.
        @return string result     Bytes of log
        )doc"},
    {"readProcessStderrLog", {"string", "string", "int", "int"},
     R"doc( Read length bytes from name's stderr log starting at offset

        @param string name        the name of the process (or 'group:name')
        @param int offset         offset to start reading from.
        @param int length         number of bytes to read from the log.
        @return string result     Bytes of log
        )doc"},
    {"readProcessStdoutLog", {"string", "string", "int", "int"},
     R"doc( Read length bytes from name's stdout log starting at offset

        @param string name        the name of the process (or 'group:name')
        @param int offset         offset to start reading from.
        @param int length         number of bytes to read from the log.
        @return string result     Bytes of log
        )doc"},
    {"reloadConfig", {"array"},
     R"doc(
        Reload the configuration.

        The result contains three arrays containing names of process
        groups:

        * `added` gives the process groups that have been added
        * `changed` gives the process groups whose contents have
          changed
        * `removed` gives the process groups that are no longer
          in the configuration

        @return array result  [[added, changed, removed]]

        )doc"},
    {"removeProcessGroup", {"boolean", "string"},
     R"doc( Remove a stopped process from the active configuration.

        @param string name         name of process group to remove
        @return boolean result     Indicates whether the removal was successful
        )doc"},
    {"restart", {"boolean"},
     R"doc( Restart the supervisor process

        @return boolean result  always return True unless error
        )doc"},
    {"sendProcessStdin", {"boolean", "string", "string"},
     R"doc( Send a string of chars to the stdin of the process name.
        If non-7-bit data is sent (unicode), it is encoded to utf-8
        before being sent to the process' stdin.  If chars is not a
        string or is not unicode, raise INCORRECT_PARAMETERS.  If the
        process is not running, raise NOT_RUNNING.  If the process'
        stdin cannot accept input (e.g. it was closed by the child
        process), raise NO_FILE.

        @param string name        The process name to send to (or 'group:name')
        @param string chars       The character data to send to the process
        @return boolean result    Always return True unless error
        )doc"},
    {"sendRemoteCommEvent", {"boolean", "string", "string"},
     R"doc( Send an event that will be received by event listener
        subprocesses subscribing to the RemoteCommunicationEvent.

        @param  string  type  String for the "type" key in the event header
        @param  string  data  Data for the event body
        @return boolean       Always return True unless error
        )doc"},
    {"shutdown", {"boolean"},
     R"doc( Shut down the supervisor process

        @return boolean result always returns True unless error
        )doc"},
    {"signalAllProcesses", {"array", "string"},
     R"doc( Send a signal to all processes in the process list

        @param string signal  Signal to send, as name ('HUP') or number ('1')
        @return array         An array of process status info structs
        )doc"},
    {"signalProcess", {"boolean", "string", "string"},
     R"doc( Send an arbitrary UNIX signal to the process named by name

        @param string name    Name of the process to signal (or 'group:name')
        @param string signal  Signal to send, as name ('HUP') or number ('1')
        @return boolean
        )doc"},
    {"signalProcessGroup", {"array", "string", "string"},
     R"doc( Send a signal to all processes in the group named 'name'

        @param string name    The group name
        @param string signal  Signal to send, as name ('HUP') or number ('1')
        @return array
        )doc"},
    {"startAllProcesses", {"array", "boolean"},
     R"doc( Start all processes listed in the configuration file

        @param boolean wait    Wait for each process to be fully started
        @return array result   An array of process status info structs
        )doc"},
    {"startProcess", {"boolean", "string", "boolean"},
     R"doc( Start a process

        @param string name Process name (or ``group:name``, or ``group:*``)
        @param boolean wait Wait for process to be fully started
        @return boolean result     Always true unless error

        )doc"},
    {"startProcessGroup", {"array", "string", "boolean"},
     R"doc( Start all processes in the group named 'name'

        @param string name     The group name
        @param boolean wait    Wait for each process to be fully started
        @return array result   An array of process status info structs
        )doc"},
    {"stopAllProcesses", {"array", "boolean"},
     R"doc( Stop all processes in the process list

        @param  boolean wait   Wait for each process to be fully stopped
        @return array result   An array of process status info structs
        )doc"},
    {"stopProcess", {"boolean", "string", "boolean"},
     R"doc( Stop a process named by name

        @param string name  The name of the process to stop (or 'group:name')
        @param boolean wait        Wait for the process to be fully stopped
        @return boolean result     Always return True unless error
        )doc"},
    {"stopProcessGroup", {"array", "string", "boolean"},
     R"doc( Stop all processes in the process group named 'name'

        @param string name     The group name
        @param boolean wait    Wait for each process to be fully stopped
        @return array result   An array of process status info structs
        )doc"},
    {"tailProcessLog", {"array", "string", "int", "int"},
     R"doc(
        Provides a more efficient way to tail the (stdout) log than
        readProcessStdoutLog().  Use readProcessStdoutLog() to read
        chunks and tailProcessStdoutLog() to tail.

        Requests (length) bytes from the (name)'s log, starting at
        (offset).  If the total log size is greater than (offset +
        length), the overflow flag is set and the (offset) is
        automatically increased to position the buffer at the end of
        the log.  If less than (length) bytes are available, the
        maximum number of available bytes will be returned.  (offset)
        returned is always the last offset in the log +1.

        @param string name         the name of the process (or 'group:name')
        @param int offset          offset to start reading from
        @param int length          maximum number of bytes to return
        @return array result       [string bytes, int offset, bool overflow]
        )doc"},
    {"tailProcessStderrLog", {"array", "string", "int", "int"},
     R"doc(
        Provides a more efficient way to tail the (stderr) log than
        readProcessStderrLog().  Use readProcessStderrLog() to read
        chunks and tailProcessStderrLog() to tail.

        Requests (length) bytes from the (name)'s log, starting at
        (offset).  If the total log size is greater than (offset +
        length), the overflow flag is set and the (offset) is
        automatically increased to position the buffer at the end of
        the log.  If less than (length) bytes are available, the
        maximum number of available bytes will be returned.  (offset)
        returned is always the last offset in the log +1.

        @param string name         the name of the process (or 'group:name')
        @param int offset          offset to start reading from
        @param int length          maximum number of bytes to return
        @return array result       [string bytes, int offset, bool overflow]
        )doc"},
    {"tailProcessStdoutLog", {"array", "string", "int", "int"},
     R"doc(
        Provides a more efficient way to tail the (stdout) log than
        readProcessStdoutLog().  Use readProcessStdoutLog() to read
        chunks and tailProcessStdoutLog() to tail.

        Requests (length) bytes from the (name)'s log, starting at
        (offset).  If the total log size is greater than (offset +
        length), the overflow flag is set and the (offset) is
        automatically increased to position the buffer at the end of
        the log.  If less than (length) bytes are available, the
        maximum number of available bytes will be returned.  (offset)
        returned is always the last offset in the log +1.

        @param string name         the name of the process (or 'group:name')
        @param int offset          offset to start reading from
        @param int length          maximum number of bytes to return
        @return array result       [string bytes, int offset, bool overflow]
        )doc"},
  };
}

}  // namespace

const std::vector<RpcMethodDoc>& supervisor_method_docs() {
  static const std::vector<RpcMethodDoc> docs = make_docs();
  return docs;
}

const RpcMethodDoc* find_supervisor_method_doc(std::string_view name) {
  const auto& docs = supervisor_method_docs();
  auto it = std::lower_bound(docs.begin(), docs.end(), name,
                             [](const RpcMethodDoc& doc, std::string_view n) { return doc.name < n; });
  if (it == docs.end() || it->name != name) return nullptr;
  return &*it;
}

}  // namespace sup
