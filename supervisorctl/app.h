// supervisorctl from argv to exit status: options, configuration file, then one command or
// the interactive shell.
#pragma once

namespace sup::ctl {

int run_supervisorctl(int argc, char** argv);

}  // namespace sup::ctl
