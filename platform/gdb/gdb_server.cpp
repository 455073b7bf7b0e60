#include "platform/gdb/gdb_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include <tlm>

namespace npuvp::gdb {

namespace {
// Instructions between two looks at the socket for Ctrl-C while running.
constexpr unsigned kPollInterval = 4096;

std::string errno_text() { return std::strerror(errno); }
}  // namespace

GdbServer::GdbServer(std::vector<DebugThread> threads, uint16_t port)
    : threads_(std::move(threads)), state_(threads_.size()), stub_(*this) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw GdbServerError("gdb: cannot open a socket: " + errno_text());
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 1) != 0) {
    const std::string why = errno_text();
    ::close(listen_fd_);
    throw GdbServerError("gdb: cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + why);
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
}

GdbServer::~GdbServer() {
  for (DebugThread& t : threads_) t.core->set_debugger(nullptr);
  if (fd_ >= 0) ::close(fd_);
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void GdbServer::wait_for_client() {
  std::cerr << "npuvp: gdb: listening on 127.0.0.1:" << port_ << " (target remote :" << port_ << ")"
            << std::endl;
  do {
    fd_ = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
  } while (fd_ < 0 && errno == EINTR);
  if (fd_ < 0) throw GdbServerError("gdb: accept failed: " + errno_text());
  ::close(listen_fd_);  // one debugger per run
  listen_fd_ = -1;
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  for (size_t i = 0; i < threads_.size(); ++i) threads_[i].core->set_debugger(this, static_cast<unsigned>(i));
  mode_ = Mode::Running;
  start_pending_ = true;
}

// ---- the simulation side ----------------------------------------------------

void GdbServer::before_insn(unsigned id, ScalarCore& core) {
  if (mode_ != Mode::Running) return;
  ThreadState& s = state_[id];
  const bool fresh = s.fresh;
  s.fresh = false;
  if (start_pending_) {
    // Every core is still at its reset pc: GDB finds the first thread stopped.
    start_pending_ = false;
    stop({StopEvent::Kind::Start, 0, 0}, false, id);
    return;
  }
  if (--poll_countdown_ == 0) {
    poll_countdown_ = kPollInterval;
    poll_interrupt();
    if (mode_ != Mode::Running) return;
  }
  if (interrupt_pending_) {
    interrupt_pending_ = false;
    stop({StopEvent::Kind::Interrupt, id, 0}, true, id);
    return;
  }
  if (s.action == Resume::Step && !fresh) {
    stop({StopEvent::Kind::Step, id, 0}, true, id);
    return;
  }
  // A thread GDB last saw stopped at this pc, and that has not moved since
  // (the start), does not hit a breakpoint there: GDB steps over it.
  const auto& bps = stub_.breakpoints();
  if (s.action != Resume::Hold && !bps.empty() && bps.count(core.hart().pc) != 0 && !(fresh && id == last_stopped_))
    stop({StopEvent::Kind::Breakpoint, id, 0}, true, id);
}

void GdbServer::core_stopped(unsigned id, ScalarCore&) {
  // A thread being stepped that stops for good ends its step there.
  if (mode_ == Mode::Running && state_[id].action == Resume::Step) stop({StopEvent::Kind::Step, id, 0}, true, -1);
}

void GdbServer::stop(const StopEvent& e, bool announce, int at_boundary_of) {
  mode_ = Mode::Stopped;
  last_stopped_ = e.thread;
  const std::string reply = stub_.set_stop(e);
  if (announce) send(reply);
  serve();
  // That thread goes on with the instruction it stopped before, without
  // another before_insn(): it has left its resume point already.
  if (at_boundary_of >= 0) state_[static_cast<size_t>(at_boundary_of)].fresh = false;
}

void GdbServer::serve() {
  for (;;) {
    const auto packet = receive();
    if (!packet) {  // GDB went away: the simulation runs on without it
      detach();
      return;
    }
    StubResult r = stub_.handle(*packet);
    switch (r.kind) {
      case StubResult::Kind::Reply: send(r.reply); continue;
      case StubResult::Kind::Resume:
        for (size_t t = 0; t < state_.size(); ++t) state_[t] = {r.actions[t], true};
        interrupt_pending_ = false;
        mode_ = Mode::Running;
        return;
      case StubResult::Kind::Detach:
        send(r.reply);
        detach();
        return;
      case StubResult::Kind::Kill:
        if (!r.reply.empty()) send(r.reply);
        kill();
        return;
    }
  }
}

void GdbServer::finish(int exit_code) {
  if (mode_ != Mode::Running) return;  // detached or killed
  // GDB takes the W reply as the end of the remote target: nothing to wait for.
  send(stub_.set_stop({StopEvent::Kind::Exited, 0, exit_code}));
  detach();
  mode_ = Mode::Ended;
}

void GdbServer::detach() {
  stub_.clear_breakpoints();
  for (DebugThread& t : threads_) t.core->set_debugger(nullptr);
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  mode_ = Mode::Detached;
}

void GdbServer::kill() {
  killed_ = true;
  detach();
  mode_ = Mode::Ended;
  for (DebugThread& t : threads_)
    if (t.core->stop_reason() == StopReason::Running)
      t.core->request_stop(StopReason::Error, 0, "killed by the debugger");
  sc_core::sc_stop();
}

// ---- memory through debug transport -------------------------------------------

size_t GdbServer::read_memory(size_t t, uint64_t addr, uint8_t* data, size_t len) {
  tlm::tlm_generic_payload gp;
  gp.set_command(tlm::TLM_READ_COMMAND);
  gp.set_address(addr);
  gp.set_data_ptr(data);
  gp.set_data_length(static_cast<unsigned>(len));
  gp.set_streaming_width(static_cast<unsigned>(len));
  return threads_.at(t).core->data->transport_dbg(gp);
}

size_t GdbServer::write_memory(size_t t, uint64_t addr, const uint8_t* data, size_t len) {
  tlm::tlm_generic_payload gp;
  gp.set_command(tlm::TLM_WRITE_COMMAND);
  gp.set_address(addr);
  gp.set_data_ptr(const_cast<uint8_t*>(data));
  gp.set_data_length(static_cast<unsigned>(len));
  gp.set_streaming_width(static_cast<unsigned>(len));
  const size_t done = threads_.at(t).core->data->transport_dbg(gp);
  // The bytes may be code: no core may run a stale decoding of them.
  for (DebugThread& d : threads_) d.core->invalidate_decoded(addr, done);
  return done;
}

// ---- the socket -------------------------------------------------------------

bool GdbServer::read_more(bool block) {
  if (fd_ < 0) return false;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::recv(fd_, buf, sizeof buf, block ? 0 : MSG_DONTWAIT);
    if (n > 0) {
      decoder_.feed(buf, static_cast<size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && !block && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;
  }
}

void GdbServer::poll_interrupt() {
  pollfd p{fd_, POLLIN, 0};
  if (fd_ < 0 || ::poll(&p, 1, 0) <= 0) return;
  if (!read_more(false)) {
    detach();
    return;
  }
  while (auto e = decoder_.next()) {
    if (e->kind == RspEvent::Kind::Interrupt) interrupt_pending_ = true;
    else pending_.push_back(std::move(*e));
  }
}

std::optional<std::string> GdbServer::receive() {
  for (;;) {
    std::optional<RspEvent> e;
    if (!pending_.empty()) {
      e = std::move(pending_.front());
      pending_.pop_front();
    } else {
      e = decoder_.next();
    }
    if (!e) {
      if (!read_more(true)) return std::nullopt;
      continue;
    }
    switch (e->kind) {
      case RspEvent::Kind::Packet:
        if (!stub_.no_ack()) ::send(fd_, "+", 1, MSG_NOSIGNAL);
        return std::move(e->payload);
      case RspEvent::Kind::BadChecksum:
        if (!stub_.no_ack()) ::send(fd_, "-", 1, MSG_NOSIGNAL);
        break;
      case RspEvent::Kind::Nack: send(last_sent_); break;
      case RspEvent::Kind::Ack: break;        // TCP is reliable: acks are not waited for
      case RspEvent::Kind::Interrupt: break;  // already stopped
    }
  }
}

void GdbServer::send(const std::string& payload) {
  if (fd_ < 0) return;
  last_sent_ = payload;
  const std::string bytes = frame_packet(payload);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the connection is gone: the next receive sees it
    done += static_cast<size_t>(n);
  }
}

}  // namespace npuvp::gdb
