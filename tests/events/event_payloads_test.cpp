// Expected strings are the bytes /usr/bin/supervisord (4.2.5) sent to listeners
// (events.md §2, §3, §10).
#include <catch2/catch.hpp>

#include "supervisord/events/event_payloads.h"

using namespace sup;

TEST_CASE("process state payloads", "[events]") {
  ProcessStateFacts f;
  f.process = "failer";
  f.group = "failer";
  f.from = ProcessState::kStopped;
  f.tries = 0;
  CHECK(process_state_payload(EventType::kProcessStateStarting, f) ==
        "processname:failer groupname:failer from_state:STOPPED tries:0");
  f.from = ProcessState::kStarting;
  f.tries = 1;
  CHECK(process_state_payload(EventType::kProcessStateBackoff, f) ==
        "processname:failer groupname:failer from_state:STARTING tries:1");
  f.from = ProcessState::kBackoff;
  CHECK(process_state_payload(EventType::kProcessStateFatal, f) ==
        "processname:failer groupname:failer from_state:BACKOFF");
  CHECK(process_state_payload(EventType::kProcessStateUnknown, f) ==
        "processname:failer groupname:failer from_state:BACKOFF");

  ProcessStateFacts q;
  q.process = "quick";
  q.group = "quick";
  q.from = ProcessState::kStarting;
  q.pid = 5318;
  CHECK(process_state_payload(EventType::kProcessStateRunning, q) ==
        "processname:quick groupname:quick from_state:STARTING pid:5318");
  q.from = ProcessState::kRunning;
  q.expected = false;
  CHECK(process_state_payload(EventType::kProcessStateExited, q) ==
        "processname:quick groupname:quick from_state:RUNNING expected:0 pid:5318");
  q.expected = true;
  CHECK(process_state_payload(EventType::kProcessStateExited, q) ==
        "processname:quick groupname:quick from_state:RUNNING expected:1 pid:5318");
  CHECK(process_state_payload(EventType::kProcessStateStopping, q) ==
        "processname:quick groupname:quick from_state:RUNNING pid:5318");
  q.from = ProcessState::kStopping;
  CHECK(process_state_payload(EventType::kProcessStateStopped, q) ==
        "processname:quick groupname:quick from_state:STOPPING pid:5318");
}

TEST_CASE("health payloads (ours) are shaped like state payloads", "[events]") {
  CHECK(process_health_payload("web", "site", Health::kStarting, 4242) ==
        "processname:web groupname:site from_health:starting pid:4242");
  CHECK(process_health_payload("web", "web", Health::kHealthy, 7) ==
        "processname:web groupname:web from_health:healthy pid:7");
}

TEST_CASE("state to event type", "[events]") {
  CHECK(process_state_event_type(ProcessState::kStopped) == EventType::kProcessStateStopped);
  CHECK(process_state_event_type(ProcessState::kStarting) == EventType::kProcessStateStarting);
  CHECK(process_state_event_type(ProcessState::kRunning) == EventType::kProcessStateRunning);
  CHECK(process_state_event_type(ProcessState::kBackoff) == EventType::kProcessStateBackoff);
  CHECK(process_state_event_type(ProcessState::kStopping) == EventType::kProcessStateStopping);
  CHECK(process_state_event_type(ProcessState::kExited) == EventType::kProcessStateExited);
  CHECK(process_state_event_type(ProcessState::kFatal) == EventType::kProcessStateFatal);
  CHECK(process_state_event_type(ProcessState::kUnknown) == EventType::kProcessStateUnknown);
}

TEST_CASE("log, communication and other payloads", "[events]") {
  CHECK(process_log_payload("talker", "talker", 3340, "stdout", "plain stdout line\nbefore") ==
        "processname:talker groupname:talker pid:3340 channel:stdout\nplain stdout line\nbefore");
  CHECK(process_log_payload("talker", "talker", 3340, "stderr", "bad utf8 \xff\xfe here\nok unicode \xc3\xa9\n") ==
        "processname:talker groupname:talker pid:3340 channel:stderr\n"
        "Undecodable: b'bad utf8 \\xff\\xfe here\\nok unicode \\xc3\\xa9\\n'");
  CHECK(process_comm_payload("talker", "talker", 3340, "comm payload \xc3\xa9 data") ==
        "processname:talker groupname:talker pid:3340\ncomm payload \xc3\xa9 data");
  CHECK(remote_comm_payload("mytype", "some data \xc3\xa9") == "type:mytype\nsome data \xc3\xa9");
  CHECK(tick_payload(1795346825) == "when:1795346825");
  CHECK(group_payload("listener") == "groupname:listener\n");
}

TEST_CASE("undecodable output uses Python's bytes repr", "[events]") {
  CHECK(decode_output("plain") == "plain");
  CHECK(decode_output("it's \x80") == "Undecodable: b\"it's \\x80\"");
  CHECK(decode_output("'\"\x80") == "Undecodable: b'\\'\"\\x80'");
  CHECK(decode_output("\\\t\r\x7f\x80") == "Undecodable: b'\\\\\\t\\r\\x7f\\x80'");
  // Python's strict decoder refuses surrogates and overlong forms.
  CHECK(decode_output("\xed\xa0\x80") == "Undecodable: b'\\xed\\xa0\\x80'");
  CHECK(decode_output("\xc0\xaf") == "Undecodable: b'\\xc0\\xaf'");
  // The overlong NUL: a decoder that only checks the bit patterns would pass it through.
  CHECK(decode_output("\xc0\x80x") == "Undecodable: b'\\xc0\\x80x'");
  CHECK(decode_output("\xf4\x90\x80\x80") == "Undecodable: b'\\xf4\\x90\\x80\\x80'");
  CHECK(decode_output("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");
  CHECK(decode_output("trunc \xc3") == "Undecodable: b'trunc \\xc3'");
}

TEST_CASE("envelope: fixed tokens, len in code points, nothing after the payload", "[events]") {
  CHECK(event_envelope("svtest", 12, "listener", 12, EventType::kProcessStateRunning,
                       "processname:echoer groupname:echoer from_state:STARTING pid:8436") ==
        "ver:3.0 server:svtest serial:12 pool:listener poolserial:12 eventname:PROCESS_STATE_RUNNING len:64\n"
        "processname:echoer groupname:echoer from_state:STARTING pid:8436");
  CHECK(event_envelope("supervisor", 0, "p", 0, EventType::kSupervisorStateChangeRunning, "") ==
        "ver:3.0 server:supervisor serial:0 pool:p poolserial:0 eventname:SUPERVISOR_STATE_CHANGE_RUNNING len:0\n");
  // 23 code points, 24 bytes.
  CHECK(event_envelope("s", 1, "p", 2, EventType::kRemoteCommunication, "type:mytype\nsome data \xc3\xa9") ==
        "ver:3.0 server:s serial:1 pool:p poolserial:2 eventname:REMOTE_COMMUNICATION len:23\n"
        "type:mytype\nsome data \xc3\xa9");
  CHECK(event_envelope("s", 1, "p", 2, EventType::kRemoteCommunication, "\xf0\x9f\x98\x80x") ==
        "ver:3.0 server:s serial:1 pool:p poolserial:2 eventname:REMOTE_COMMUNICATION len:2\n"
        "\xf0\x9f\x98\x80x");
}
