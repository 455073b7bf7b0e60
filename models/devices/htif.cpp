#include "models/devices/htif.h"

#include <algorithm>
#include <cstring>
#include <iostream>
#include <vector>

namespace npuvp {

Htif::Htif(sc_core::sc_module_name name, const Params& params, MemoryAccess memory,
           ExitHandler on_exit)
    : sc_core::sc_module(name),
      socket("socket"),
      params_(params),
      memory_(std::move(memory)),
      on_exit_(std::move(on_exit)),
      regs_(this->name()) {
  if (params_.console == nullptr) params_.console = &std::cout;
  regs_.add({"tohost", kToHost, 8, 0, RegAccess::ReadWrite, nullptr, nullptr});
  regs_.add({"fromhost", kFromHost, 8, 0, RegAccess::ReadWrite, nullptr, nullptr});
  tohost_ = regs_.find(kToHost);
  fromhost_ = regs_.find(kFromHost);
  socket.register_b_transport(this, &Htif::b_transport);
  socket.register_transport_dbg(this, &Htif::transport_dbg);
}

void Htif::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  regs_.access(trans, sc_core::sc_time_stamp() + delay);
  delay += params_.latency;
  // A 32-bit program writes tohost as two words, low then high: the command
  // is taken by the write that completes the high word (one sd covers both).
  const uint64_t end = trans.get_address() + trans.get_data_length();
  if (trans.is_write() && trans.is_response_ok() && end == kToHost + 8 && tohost_->value != 0)
    command(tohost_->value);
}

unsigned int Htif::transport_dbg(tlm::tlm_generic_payload& trans) {
  // Debug reads see the words; debug writes change them without a command.
  const uint64_t off = trans.get_address();
  Register* r = regs_.find(off);
  if (r == nullptr) return 0;
  const unsigned n = std::min<unsigned>(trans.get_data_length(), static_cast<unsigned>(r->offset + r->size - off));
  uint8_t* bytes = reinterpret_cast<uint8_t*>(&r->value) + (off - r->offset);
  if (trans.is_read())
    std::memcpy(trans.get_data_ptr(), bytes, n);
  else if (trans.is_write())
    std::memcpy(bytes, trans.get_data_ptr(), n);
  return n;
}

void Htif::exit(int code) {
  if (exited_) return;
  exited_ = true;
  exit_code_ = code;
  params_.console->flush();
  if (on_exit_) on_exit_(code);
}

void Htif::command(uint64_t word) {
  const unsigned device = static_cast<unsigned>(word >> 56);
  const unsigned cmd = static_cast<unsigned>((word >> 48) & 0xff);
  const uint64_t payload = word & ((uint64_t{1} << 48) - 1);
  tohost_->value = 0;  // the host took the command
  if (device == 0 && cmd == 0) {
    if (payload & 1) {
      exit(static_cast<int>(payload >> 1));
    } else {
      syscall(payload);
      fromhost_->value = 1;
    }
  } else if (device == 1 && cmd == 1) {
    params_.console->put(static_cast<char>(payload & 0xff));
    if ((payload & 0xff) == '\n') params_.console->flush();
  } else {
    SC_REPORT_WARNING(name(), ("ignoring command device " + std::to_string(device) + " cmd " +
                               std::to_string(cmd))
                                  .c_str());
  }
}

void Htif::syscall(uint64_t magic_mem) {
  uint64_t args[8] = {};
  if (!memory_ || !memory_(magic_mem, args, sizeof args, false)) {
    SC_REPORT_WARNING(name(), "system call block is not in memory");
    return;
  }
  int64_t ret = -38;  // ENOSYS
  switch (args[0]) {
    case kSysWrite: {
      const uint64_t fd = args[1], buf = args[2], len = args[3];
      if (fd != 1 && fd != 2) {
        ret = -9;  // EBADF
        break;
      }
      std::vector<char> data(len);
      if (len != 0 && !memory_(buf, data.data(), len, false)) {
        ret = -14;  // EFAULT
        break;
      }
      params_.console->write(data.data(), static_cast<std::streamsize>(len));
      params_.console->flush();
      ret = static_cast<int64_t>(len);
      break;
    }
    case kSysExit:
      exit(static_cast<int>(args[1]));
      ret = 0;
      break;
    default:
      SC_REPORT_WARNING(name(), ("unsupported system call " + std::to_string(args[0])).c_str());
  }
  const uint64_t r = static_cast<uint64_t>(ret);
  memory_(magic_mem, const_cast<uint64_t*>(&r), sizeof r, true);
}

}  // namespace npuvp
