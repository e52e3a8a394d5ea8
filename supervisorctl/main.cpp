// supervisorctl: control applications run by supervisord from the command line.
#include "supervisorctl/app.h"

int main(int argc, char** argv) { return sup::ctl::run_supervisorctl(argc, argv); }
