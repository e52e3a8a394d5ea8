#!/usr/bin/perl
# A third-party client: Perl's XMLRPC::Lite over HTTP with Basic auth against our daemon's
# [inet_http_server] (scenario.conf.in). Exits 0 when every check passed.
use strict;
use warnings;
use XMLRPC::Lite;

my $port = shift or die "usage: $0 PORT\n";
my $failures = 0;
my $checks = 0;

sub check {
    my ($label, $ok, $detail) = @_;
    $checks++;
    unless ($ok) {
        $failures++;
        print "FAIL $label", (defined $detail ? ": $detail" : ''), "\n";
    }
}

sub client {
    my ($user, $password) = @_;
    return XMLRPC::Lite->proxy("http://127.0.0.1:$port/RPC2",
        credentials => ["127.0.0.1:$port", 'default', $user, $password], timeout => 30);
}

my $rpc = client('alice', 'secret');

sub call {
    my ($method, @params) = @_;
    my $som = $rpc->call($method, @params);
    return $som;
}

# The daemon is up; wait for the autostart programs.
my $deadline = time + 20;
while (1) {
    my $infos = call('supervisor.getAllProcessInfo')->result;
    my %state = map { ($_->{group} eq $_->{name} ? $_->{name} : "$_->{group}:$_->{name}") => $_->{statename} } @$infos;
    last if ($state{cat} // '') eq 'RUNNING' && ($state{echoer} // '') eq 'RUNNING';
    die "timed out waiting for RUNNING\n" if time > $deadline;
    select(undef, undef, undef, 0.05);
}

my $state = call('supervisor.getState')->result;
check('getState', $state->{statecode} == 1 && $state->{statename} eq 'RUNNING');
check('getVersion', call('supervisor.getVersion')->result eq '3.0');
check('getIdentification', call('supervisor.getIdentification')->result eq 'rpc-test');

my $methods = call('system.listMethods')->result;
check('listMethods', scalar(@$methods) == 41, scalar(@$methods));

my $infos = call('supervisor.getAllProcessInfo')->result;
my @names = map { $_->{name} } @$infos;
check('getAllProcessInfo', "@names" eq 'cat echoer a b missing nolog quick sleepy stubborn', "@names");

my $fault = call('supervisor.getProcessInfo', 'nope');
check('fault code', $fault->fault && $fault->faultcode == 10, $fault->fault ? $fault->faultcode : 'no fault');
check('fault string', $fault->fault && $fault->faultstring eq 'BAD_NAME: nope');

check('startProcess', call('supervisor.startProcess', 'sleepy', XMLRPC::Data->type(boolean => 1))->result);
my $info = call('supervisor.getProcessInfo', 'sleepy')->result;
check('started', $info->{statename} eq 'RUNNING', $info->{statename});
check('stopProcess', call('supervisor.stopProcess', 'sleepy')->result);
check('readProcessStdoutLog', call('supervisor.readProcessStdoutLog', 'echoer', 0, 10)->result eq 'abcdefghij');
my $tail = call('supervisor.tailProcessStdoutLog', 'echoer', 90, 10)->result;
check('tailProcessStdoutLog', $tail->[0] eq 'abcdefghij' && $tail->[1] == 100 && !$tail->[2]);

my $multi = call('system.multicall', [{methodName => 'supervisor.getAPIVersion'},
                                      {methodName => 'supervisor.nope'}])->result;
check('multicall value', $multi->[0] eq '3.0');
check('multicall fault', $multi->[1]{faultCode} == 1);

# The transport dies on HTTP errors: a wrong password must end there.
my $denied = eval { client('alice', 'wrong')->call('supervisor.getState') };
check('wrong password rejected', !defined $denied && $@ =~ /401 Unauthorized/, $@);

print "$checks checks, $failures failures\n";
exit($failures ? 1 : 0);
