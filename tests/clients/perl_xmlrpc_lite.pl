#!/usr/bin/perl
# Third-party client: Perl's XMLRPC::Lite (Debian libxmlrpc-lite-perl) over HTTP with Basic
# auth against OUR daemon's [inet_http_server]. Starts the daemon itself (-n, scratch config in
# a temporary directory, loopback ephemeral port), checks results and that state changes
# really happen, then stops the daemon by its pid (SIGTERM, wait; also on failure).
# Exit 0: all passed; 1: a check failed; 77: prerequisites missing (skip).
# SUP_SUPERVISORD may point at /usr/bin/supervisord to validate the expectations.
use strict;
use warnings;
use File::Temp qw(tempdir);
use IO::Socket::INET;
use POSIX qw(WNOHANG);
use Time::HiRes qw(time sleep);

BEGIN {
    unless (eval { require XMLRPC::Lite; 1 }) {
        print "SKIP: XMLRPC::Lite not installed (Debian libxmlrpc-lite-perl)\n";
        exit 77;
    }
}

my $daemon_bin = $ENV{SUP_SUPERVISORD};
unless ($daemon_bin && -x $daemon_bin) {
    print "SKIP: SUP_SUPERVISORD not set or not executable\n";
    exit 77;
}

my ($user, $password) = ('perluser', 'pa:ss');
my $failures = 0;
my $checks = 0;

sub check {
    my ($label, $code) = @_;
    $checks++;
    my $ok = eval { $code->(); 1 };
    if ($ok) {
        print "ok   $label\n";
    } else {
        $failures++;
        my $err = $@;
        chomp $err;
        print "FAIL $label: $err\n";
    }
}

sub show {
    my ($v) = @_;
    return 'undef' unless defined $v;
    return '[' . join(', ', map { show($_) } @$v) . ']' if ref $v eq 'ARRAY';
    return '{' . join(', ', map { "$_: " . show($v->{$_}) } sort keys %$v) . '}' if ref $v eq 'HASH';
    return "'$v'";
}

sub is_eq {
    my ($label, $got, $want) = @_;
    my ($g, $w) = (show($got), show($want));
    die "$label: expected $w, got $g\n" unless $g eq $w;
}

sub ok_ {
    my ($label, $cond, $detail) = @_;
    die $label . (defined $detail ? ": $detail" : '') . "\n" unless $cond;
}

sub until_ {
    my ($what, $code, $timeout) = @_;
    my $deadline = time + ($timeout // 10);
    my $last = '';
    while (1) {
        my $v = eval { $code->() };
        $last = $@ if $@;
        return $v if $v;
        die "timed out waiting for $what" . ($last ? " (last: $last)" : '') . "\n" if time > $deadline;
        sleep 0.05;
    }
}

# ---- daemon ----------------------------------------------------------------------------

my $dir = tempdir('sup-perlclient-XXXXXX', TMPDIR => 1);
my $probe = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1', LocalPort => 0, Proto => 'tcp')
    or die "cannot bind: $!\n";
my $port = $probe->sockport;
close $probe;

my $conf = "$dir/supervisord.conf";
open my $fh, '>', $conf or die "$conf: $!\n";
print $fh <<"EOF";
[supervisord]
logfile=$dir/supervisord.log
pidfile=$dir/supervisord.pid
childlogdir=$dir
nodaemon=true
identifier=perlclient

[unix_http_server]
file=$dir/s.sock

[inet_http_server]
port=127.0.0.1:$port
username=$user
password=$password

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:sleeper]
command=sleep 1000
startsecs=1

[program:other]
command=sleep 1000
startsecs=0
autostart=false

[group:grp]
programs=one,two

[program:one]
command=sleep 1000
startsecs=0

[program:two]
command=sleep 1000
startsecs=0
EOF
close $fh;

my $daemon_pid = fork() // die "fork: $!\n";
if ($daemon_pid == 0) {
    open STDIN, '<', '/dev/null';
    open STDOUT, '>', "$dir/daemon.out";
    open STDERR, '>&', \*STDOUT;
    exec $daemon_bin, '-n', '-c', $conf or die "exec $daemon_bin: $!\n";
}
my $exited = 0;
my $exit_status;

sub reap {
    return 1 if $exited;
    my $r = waitpid($daemon_pid, WNOHANG);
    if ($r == $daemon_pid) {
        $exited = 1;
        $exit_status = $?;
    }
    return $exited;
}

sub stop_daemon {
    return if reap();
    kill 'TERM', $daemon_pid;
    my $deadline = time + 20;
    until (reap()) {
        if (time > $deadline) {
            kill 'KILL', $daemon_pid;
            waitpid($daemon_pid, 0);
            $exited = 1;
            last;
        }
        sleep 0.05;
    }
}
$SIG{INT} = $SIG{TERM} = sub { stop_daemon(); exit 1 };

sub client {
    my ($u, $p) = @_;
    return XMLRPC::Lite->proxy("http://127.0.0.1:$port/RPC2",
        credentials => ["127.0.0.1:$port", 'default', $u, $p], timeout => 30);
}
my $rpc = client($user, $password);

# Returns the result; dies on a fault or a transport error.
sub call {
    my ($method, @params) = @_;
    my $som = $rpc->call($method, @params);
    die "$method: no response\n" unless defined $som;
    die "$method: fault " . $som->faultcode . ' ' . $som->faultstring . "\n" if $som->fault;
    return $som->result;
}

# Expects a fault; returns [code, string].
sub fault {
    my ($method, @params) = @_;
    my $som = $rpc->call($method, @params);
    die "$method: no response\n" unless defined $som;
    die "$method: expected a fault, got " . show($som->result) . "\n" unless $som->fault;
    return [$som->faultcode, $som->faultstring];
}

sub info { return call('supervisor.getProcessInfo', $_[0]) }
sub alive { my ($pid) = @_; return $pid > 0 && (kill(0, $pid) || $!{EPERM}) }
sub full_name { my ($i) = @_; return $i->{group} eq $i->{name} ? $i->{name} : "$i->{group}:$i->{name}" }
sub wait_state {
    my ($name, $state) = @_;
    return until_("$name $state", sub { my $i = info($name); $i->{statename} eq $state ? $i : undef });
}
my $false = XMLRPC::Data->type(boolean => 0);

my $setup_ok = eval {
    until_('daemon answering on the inet port', sub {
        die "daemon exited\n" if reap();
        call('supervisor.getState');
    }, 15);
    until_('autostart programs RUNNING', sub {
        my $infos = call('supervisor.getAllProcessInfo');
        !grep { $_->{name} ne 'other' && $_->{statename} ne 'RUNNING' } @$infos;
    }, 15);
    1;
};
unless ($setup_ok) {
    print "FAIL setup: $@";
    $failures++;
}

if ($setup_ok) {
    check('getState', sub {
        is_eq('getState', call('supervisor.getState'), { statecode => 1, statename => 'RUNNING' });
    });

    check('version, identification, pid', sub {
        is_eq('getAPIVersion', call('supervisor.getAPIVersion'), '3.0');
        is_eq('getSupervisorVersion', call('supervisor.getSupervisorVersion'), '4.2.5');
        is_eq('getIdentification', call('supervisor.getIdentification'), 'perlclient');
        is_eq('getPID', call('supervisor.getPID'), $daemon_pid);
    });

    check('getAllProcessInfo', sub {
        my $infos = call('supervisor.getAllProcessInfo');
        ok_('is an array', ref $infos eq 'ARRAY');
        is_eq('names', [map { full_name($_) } @$infos], ['grp:one', 'grp:two', 'other', 'sleeper']);
        for my $i (@$infos) {
            my $n = full_name($i);
            if ($n eq 'other') {
                is_eq('other', [$i->{state}, $i->{statename}, $i->{pid}, $i->{description}], [0, 'STOPPED', 0, 'Not started']);
                next;
            }
            is_eq("$n state", [$i->{state}, $i->{statename}], [20, 'RUNNING']);
            ok_("$n pid alive", alive($i->{pid}), $i->{pid});
            ok_("$n description", $i->{description} =~ /^pid $i->{pid}, uptime \d+:\d\d:\d\d$/, $i->{description});
        }
    });

    check('stopProcess: STOPPED, pid gone, then NOT_RUNNING', sub {
        my $before = wait_state('sleeper', 'RUNNING');
        is_eq('stopProcess', call('supervisor.stopProcess', 'sleeper'), 1);
        my $after = info('sleeper');
        is_eq('after stop', [$after->{state}, $after->{statename}, $after->{pid}], [0, 'STOPPED', 0]);
        ok_('old pid gone', !alive($before->{pid}), $before->{pid});
        is_eq('second stop', fault('supervisor.stopProcess', 'sleeper'), [70, 'NOT_RUNNING: sleeper']);
    });

    check('startProcess: RUNNING with a live pid, then ALREADY_STARTED', sub {
        is_eq('startProcess', call('supervisor.startProcess', 'sleeper'), 1);
        my $i = info('sleeper');
        is_eq('after start', [$i->{state}, $i->{statename}], [20, 'RUNNING']);
        ok_('pid alive', alive($i->{pid}), $i->{pid});
        is_eq('second start', fault('supervisor.startProcess', 'sleeper'), [60, 'ALREADY_STARTED: sleeper']);
    });

    check('startProcess/stopProcess with wait=false (boolean parameter)', sub {
        is_eq('startProcess(other, false)', call('supervisor.startProcess', 'other', $false), 1);
        my $i = wait_state('other', 'RUNNING');
        ok_('pid alive', alive($i->{pid}), $i->{pid});
        is_eq('stopProcess(other, false)', call('supervisor.stopProcess', 'other', $false), 1);
        wait_state('other', 'STOPPED');
        until_('other pid gone', sub { !alive($i->{pid}) });
    });

    check('stopProcessGroup / startProcess(grp:*)', sub {
        my $ok = [{ name => 'one', group => 'grp', status => 80, description => 'OK' },
                  { name => 'two', group => 'grp', status => 80, description => 'OK' }];
        my $sorted = sub { [sort { $a->{name} cmp $b->{name} } @{$_[0]}] };
        is_eq('stopProcessGroup', $sorted->(call('supervisor.stopProcessGroup', 'grp')), $ok);
        is_eq('grp:one', info('grp:one')->{statename}, 'STOPPED');
        my $started = call('supervisor.startProcess', 'grp:*');
        ok_('startProcess(grp:*) is an array', ref $started eq 'ARRAY', show($started));
        is_eq('startProcess(grp:*)', $sorted->($started), $ok);
        ok_('grp:two running', alive(info('grp:two')->{pid}));
    });

    check('faults', sub {
        is_eq('getProcessInfo(nope)', fault('supervisor.getProcessInfo', 'nope'), [10, 'BAD_NAME: nope']);
        is_eq('stopProcess(nope)', fault('supervisor.stopProcess', 'nope'), [10, 'BAD_NAME: nope']);
        is_eq('startProcess(grp:nope)', fault('supervisor.startProcess', 'grp:nope'), [10, 'BAD_NAME: grp:nope']);
        is_eq('unknown method', fault('supervisor.nope'), [1, 'UNKNOWN_METHOD']);
        is_eq('no params', fault('supervisor.getProcessInfo'), [2, 'INCORRECT_PARAMETERS']);
        is_eq('bad signal', fault('supervisor.signalProcess', 'sleeper', 'NOPE'), [11, 'BAD_SIGNAL: NOPE']);
    });

    check('system.listMethods / methodSignature / multicall', sub {
        my $methods = call('system.listMethods');
        is_eq('count', scalar(@$methods), 41);
        is_eq('sorted', [@$methods], [sort @$methods]);
        for my $m (qw(supervisor.getState supervisor.getAllProcessInfo supervisor.startProcess
                      supervisor.stopProcess supervisor.signalAllProcesses system.multicall)) {
            ok_("has $m", scalar(grep { $_ eq $m } @$methods));
        }
        is_eq('methodSignature', call('system.methodSignature', 'supervisor.stopProcess'), ['boolean', 'string', 'boolean']);
        is_eq('multicall', call('system.multicall', [
            { methodName => 'supervisor.getPID', params => [] },
            { methodName => 'supervisor.getProcessInfo', params => ['nope'] }]),
            [$daemon_pid, { faultCode => 10, faultString => 'BAD_NAME: nope' }]);
    });

    check('wrong password is refused with HTTP 401', sub {
        my $bad = client($user, 'wrong');
        my $som = eval { $bad->call('supervisor.getState') };
        ok_('no result', !(defined $som && !$som->fault && defined $som->result));
        my $status = $bad->transport->status // '';
        ok_('HTTP 401', $status =~ /^401/, $status);
    });
}

my $pids = eval { [grep { $_ > 0 } map { $_->{pid} } @{call('supervisor.getAllProcessInfo')}] } // [];
stop_daemon();
check('SIGTERM stops the daemon and its children', sub {
    ok_('exit status 0', defined $exit_status && $exit_status == 0, $exit_status);
    for my $pid (@$pids) { until_("child $pid gone", sub { !alive($pid) }, 5) }
});

if ($failures) {
    if (open my $out, '<', "$dir/daemon.out") {
        local $/;
        my $text = <$out>;
        print "--- daemon output ($dir/daemon.out):\n", substr($text, -4000), "\n";
    }
} else {
    File::Path::remove_tree($dir) if eval { require File::Path; 1 };
}
print $checks - $failures, "/$checks checks passed\n";
exit($failures ? 1 : 0);
