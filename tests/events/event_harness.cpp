#include "tests/events/event_harness.h"

#include <stdexcept>

#include <fmt/format.h>

namespace sup::test {

namespace {

// Bytes taken by the first `count` code points of UTF-8 `text` from `from` (the `len:` of
// an envelope counts code points, events.md §2).
std::size_t utf8_bytes(std::string_view text, std::size_t from, std::int64_t count) {
  std::size_t at = from;
  for (std::int64_t i = 0; i < count; ++i) {
    if (at >= text.size()) throw std::runtime_error("payload shorter than its len");
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  }
  return at - from;
}

}  // namespace

EventMachine::EventMachine(std::vector<GroupConfig> groups)
    : machine(std::move(groups), std::nullopt, CreateGroups::kLater), bus(machine.supervisor()) {
  machine.create_groups();
}

ProcessConfig listener(const std::string& name) {
  ProcessConfig p = program(name);
  p.startsecs = 0;
  return p;
}

std::vector<Envelope> parse_envelopes(std::string_view stream) {
  std::vector<Envelope> out;
  std::size_t at = 0;
  while (at < stream.size()) {
    std::size_t eol = stream.find('\n', at);
    if (eol == std::string_view::npos) throw std::runtime_error("envelope header without a newline");
    Envelope e;
    std::string_view line = stream.substr(at, eol - at);
    std::vector<std::string> order;
    while (!line.empty()) {
      std::size_t space = line.find(' ');
      std::string_view token = line.substr(0, space);
      std::size_t colon = token.find(':');
      if (colon == std::string_view::npos) throw std::runtime_error("bad header token " + std::string(token));
      order.emplace_back(token.substr(0, colon));
      e.header[order.back()] = std::string(token.substr(colon + 1));
      line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    }
    if (order != std::vector<std::string>{"ver", "server", "serial", "pool", "poolserial", "eventname", "len"}) {
      throw std::runtime_error("header tokens out of order: " + std::string(stream.substr(at, eol - at)));
    }
    e.name = e.header["eventname"];
    e.serial = std::stoll(e.header["serial"]);
    e.pool_serial = std::stoll(e.header["poolserial"]);
    std::size_t length = utf8_bytes(stream, eol + 1, std::stoll(e.header["len"]));
    e.payload = std::string(stream.substr(eol + 1, length));
    e.raw = std::string(stream.substr(at, eol + 1 + length - at));
    at = eol + 1 + length;
    out.push_back(std::move(e));
  }
  return out;
}

FakeListener::FakeListener(Machine& machine, std::string process) : machine_(machine), name_(std::move(process)) {}

Process& FakeListener::process() { return machine_.process(name_); }

std::optional<Envelope> FakeListener::take_one() {
  std::vector<Envelope> sent = parse_envelopes(machine_.read_stdin(process()));
  if (sent.size() > 1) throw std::runtime_error(fmt::format("{} events written to {} at once", sent.size(), name_));
  if (sent.empty()) return std::nullopt;
  ready_pid_ = 0;
  return std::move(sent.front());
}

std::optional<Envelope> FakeListener::ready() {
  Process& p = process();
  if (ready_pid_ != p.pid()) {
    machine_.write_stdout(p, "READY\n");
    ready_pid_ = p.pid();
  }
  return take_one();
}

std::optional<Envelope> FakeListener::poll() { return take_one(); }

void FakeListener::result(std::string_view body) {
  write(fmt::format("RESULT {}\n{}", body.size(), body));
  ready_pid_ = 0;
}

std::vector<Envelope> FakeListener::drain() {
  std::vector<Envelope> out;
  while (auto e = ready()) {
    out.push_back(std::move(*e));
    result("OK");
  }
  return out;
}

void FakeListener::write(std::string_view bytes) { machine_.write_stdout(process(), bytes); }

}  // namespace sup::test
