# bash completion for supervisorctl (supervisor-cpp); loaded by the bash-completion package.
#
# Completes the options, then the command, then its arguments: process names
# ("name", "group:name", "group:*") for the commands that take processes, group names for
# add/remove/update, command names for help. The names come from the running daemon:
# `supervisorctl status`, run with the -c/-s/-u/-p options already on the line, so the
# completion follows whichever daemon the command line talks to.

_supervisorctl_commands="add avail clear exit fg help maintail open pid quit reload remove
reread restart shutdown signal start status stop tail update version"

# Prints the daemon's "group name" pairs, one per line; nothing when it cannot be reached.
_supervisorctl_processes() {
	local line spec
	supervisorctl "$@" status 2>/dev/null </dev/null | while read -r spec line; do
		case $spec in
		*:*) printf '%s %s\n' "${spec%%:*}" "${spec#*:}" ;;
		?*) printf '%s %s\n' "$spec" "$spec" ;;
		esac
	done
}

_supervisorctl() {
	local cur prev words cword
	_init_completion -n : || return

	case $prev in
	-c | --configuration | -r | --history_file)
		_filedir
		return
		;;
	-s | --serverurl | -u | --username | -p | --password)
		return
		;;
	esac

	# The options that choose the daemon, and where the command word is.
	local i command="" command_at=0
	local -a connection=()
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-c | --configuration | -s | --serverurl | -u | --username | -p | --password)
			connection+=("${words[i]}" "${words[i + 1]}")
			((i++))
			;;
		--configuration=* | --serverurl=* | --username=* | --password=*)
			connection+=("${words[i]}")
			;;
		-r | --history_file)
			((i++))
			;;
		-*) ;;
		*)
			command=${words[i]}
			command_at=$i
			break
			;;
		esac
	done

	if [[ -z $command ]]; then
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "-c --configuration -h --help -i --interactive
				-s --serverurl -u --username -p --password -r --history_file" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W "$_supervisorctl_commands" -- "$cur")
		fi
		return
	fi

	local argument=$((cword - command_at)) group name
	local -a candidates=()
	case $command in
	help)
		((argument == 1)) && candidates=($_supervisorctl_commands)
		;;
	add | remove | update)
		while read -r group name; do
			candidates+=("$group")
		done < <(_supervisorctl_processes "${connection[@]}")
		[[ $command == update ]] && candidates+=(all)
		;;
	signal | start | stop | restart | status | clear | pid | tail | fg)
		if [[ $command == signal ]] && ((argument == 1)); then
			candidates=(TERM HUP INT QUIT KILL USR1 USR2 STOP CONT)
		elif [[ $command == tail ]] && [[ $cur == -* ]]; then
			candidates=(-f)
		elif [[ $command == tail ]] && [[ $prev != -* ]] && ((argument > 1)); then
			candidates=(stdout stderr)
		elif [[ $command == fg ]] && ((argument > 1)); then
			:
		else
			while read -r group name; do
				if [[ $cur == *:* || $group != "$name" ]]; then
					candidates+=("$group:$name" "$group:*")
				else
					candidates+=("$name")
				fi
			done < <(_supervisorctl_processes "${connection[@]}")
			[[ $command != tail && $command != fg ]] && candidates+=(all)
		fi
		;;
	esac
	# mapfile, not COMPREPLY=($(...)): "group:*" must not be globbed against the files here.
	mapfile -t COMPREPLY < <(compgen -W "${candidates[*]}" -- "$cur" | sort -u)
	__ltrim_colon_completions "$cur"
}

complete -F _supervisorctl supervisorctl
