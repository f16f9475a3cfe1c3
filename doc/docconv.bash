# bash completion for docconv                              -*- shell-script -*-

_docconv()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-t|--to)
		COMPREPLY=($(compgen -W "json epub html pdf" -- "$cur"))
		return;;
	--from)
		COMPREPLY=($(compgen -W "article json" -- "$cur"))
		return;;
	--paper)
		COMPREPLY=($(compgen -W "a4 a5 b5 letter" -- "$cur"))
		return;;
	--encoding)
		COMPREPLY=($(compgen -W "UTF-8 UTF-16LE UTF-16BE GB18030 BIG5" -- "$cur"))
		return;;
	--lang)
		COMPREPLY=($(compgen -W "zh zh-Hans zh-Hant en ja ko" -- "$cur"))
		return;;
	--font|--heading-font|--caption-font|--latin-font)
		local IFS=$'\n'
		COMPREPLY=($(compgen -W "$(fc-list : family 2>/dev/null | cut -d, -f1 | sort -u)" -- "$cur"))
		return;;
	-o|--output)
		COMPREPLY=($(compgen -f -- "$cur"))
		return;;
	--images)
		COMPREPLY=($(compgen -d -- "$cur"))
		return;;
	--css|--files-from)
		COMPREPLY=($(compgen -f -- "$cur"))
		return;;
	--title|--author|--include|--shard|-j|--jobs|--max-entry-size|--max-total-size|--max-ratio)
		return;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "--to --output --from --encoding --title
			--author --lang --images --force --vertical --css --no-cover --paper
			--photo-frames --font
			--heading-font --caption-font --latin-font --explain --quiet --strict
			--jobs
			--files-from --include --combine --split --one-article
			--skip-existing --shard
			--max-entry-size --max-total-size --max-ratio --help --version" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _docconv docconv
