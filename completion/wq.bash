# bash completion for wres and wdes (installed as completions/wres and
# completions/wdes; each file registers both). The options of a command come
# from the program's own "COMMAND --help", so they follow the program; the
# fixed choices are those its option parser accepts (common/cli.c).

# _wq_options PROG COMMAND: the long options PROG's COMMAND --help lists.
_wq_options()
{
    local prog=$1 cmd=$2
    command -v -- "$prog" >/dev/null 2>&1 || return 0
    if [ -n "$cmd" ]; then
        "$prog" "$cmd" --help 2>/dev/null
    else
        "$prog" --help 2>/dev/null
    fi | sed -n 's/^  \(-h, \)\{0,1\}\(--[a-z0-9-]*\).*/\2/p'
}

# _wq_fields PROG: the FIELD names --column takes, from PROG's own message
# for an unknown one.
_wq_fields()
{
    command -v -- "$1" >/dev/null 2>&1 || return 0
    "$1" metrics --column '?=?' 2>&1 | sed -n 's/.*(fields: \([^;)]*\).*/\1/p' | tr -d ' ' | tr , '\n'
}

# _wq_header FILE: the column names of FILE's first line, one a line (a
# byte-order mark, CR and RFC 4180 quotes removed).
_wq_header()
{
    local line='' field='' quoted=0 c i
    [ -f "$1" ] && [ -r "$1" ] || return 0
    IFS= read -r line <"$1" || [ -n "$line" ] || return 0
    line=${line#$'\xef\xbb\xbf'}
    line=${line%$'\r'}
    for ((i = 0; i < ${#line}; i++)); do
        c=${line:i:1}
        if [ "$quoted" = 1 ]; then
            if [ "$c" = '"' ]; then
                if [ "${line:i+1:1}" = '"' ]; then field+='"'; i=$((i + 1)); else quoted=0; fi
            else
                field+=$c
            fi
        elif [ "$c" = '"' ]; then
            quoted=1
        elif [ "$c" = , ]; then
            printf '%s\n' "$field"
            field=
        else
            field+=$c
        fi
    done
    printf '%s\n' "$field"
}

# _wq_option_value NAME: the value of --NAME (or --NAME=VALUE) on the line.
_wq_option_value()
{
    local i w
    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
        w=${COMP_WORDS[i]}
        case $w in "--$1="?*) printf '%s\n' "${w#*=}"; return 0 ;; esac
        if [ "$w" = "--$1" ] && [ $((i + 1)) -ne "$COMP_CWORD" ]; then
            if [ "${COMP_WORDS[i + 1]}" = "=" ]; then w=${COMP_WORDS[i + 2]}; else w=${COMP_WORDS[i + 1]}; fi
            printf '%s\n' "$w"
            return 0
        fi
    done
    return 1
}

# _wq_reply WORD...: the WORDs that start with $cur, quoted for the line
# unless the word being completed opens a quote itself.
_wq_reply()
{
    local w
    for w in "$@"; do
        case $w in "$cur"*)
            if [ -n "$quote" ]; then COMPREPLY+=("$w"); else COMPREPLY+=("$(printf '%q' "$w")"); fi
        esac
    done
}

_wq_complete()
{
    local prog=$1 cur=${COMP_WORDS[COMP_CWORD]} prev='' cmd='' quote='' staff i
    local -a words
    COMPREPLY=()
    [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
    if [ "$cur" = "=" ]; then
        cur=
    elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    case $cur in \"* | \'*) quote=${cur:0:1}; cur=${cur:1} ;; esac
    [ "${#COMP_WORDS[@]}" -gt 1 ] && [ "$COMP_CWORD" -gt 1 ] && cmd=${COMP_WORDS[1]}

    if [ "$COMP_CWORD" -le 1 ]; then
        case $cur in
        -*) _wq_reply -h --help --version ;;
        *) _wq_reply metrics report trend compare check columns serve ;;
        esac
        return 0
    fi
    case $prev in
    --format) _wq_reply table csv json; return 0 ;;
    --ci) _wq_reply koopman katz katz-haldane miettinen-nurminen; return 0 ;;
    --rate-ci) _wq_reply wilson clopper-pearson; return 0 ;;
    --chart-format) _wq_reply png svg pdf; return 0 ;;
    --window | --threads) _wq_reply 1 2; return 0 ;;
    --delimiter) _wq_reply comma tab semicolon pipe; return 0 ;;
    --year | --suppress | --exclude-reason | --sheet | --port | --host | --max-upload | \
        --max-unzipped | --trust | --name) return 0 ;;
    --as) _wq_reply staff staff-start leavers recruitment cases training survey board mandatory-courses vocab; return 0 ;;
    --column)
        case $cur in *=*) return 0 ;; esac
        mapfile -t words < <(_wq_fields "$prog")
        _wq_reply "${words[@]/%/=}"
        compopt -o nospace 2>/dev/null
        return 0
        ;;
    --by | --adjust)
        staff=$(_wq_option_value staff) || return 0
        [ "$staff" = - ] && return 0
        staff=${staff/#\~/$HOME}
        mapfile -t words < <(_wq_header "$staff")
        _wq_reply "${words[@]}"
        return 0
        ;;
    --out)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        return 0
        ;;
    --staff | --staff-start | --leavers | --recruitment | --cases | --training | \
        --mandatory-courses | --survey | --board | --vocab | --config | --history)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return 0
        ;;
    esac
    if { [ "$cmd" = trend ] || [ "$cmd" = compare ] || [ "$cmd" = columns ]; } &&
        [ "${cur:0:1}" != - ]; then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return 0
    fi
    case $cmd in metrics | report | trend | compare | check | columns | serve) ;; *) return 0 ;; esac
    mapfile -t words < <(_wq_options "$prog" "$cmd")
    _wq_reply "${words[@]}"
    return 0
}

complete -F _wq_complete wres wdes
