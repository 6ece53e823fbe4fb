#!/usr/bin/env bash
# Installs the pinned third-party browser code (package-lock.json) and copies what
# the pages load into static/vendor/ (git-ignored): CodeMirror 5 with its Python mode
# and a few addons, and MathJax 3's TeX-to-SVG bundle with the pieces it loads lazily.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi

vendor=static/vendor
rm -rf "$vendor"
mkdir -p "$vendor/codemirror/lib" "$vendor/codemirror/mode" "$vendor/codemirror/addon/edit" \
         "$vendor/codemirror/addon/display" "$vendor/mathjax"

cm=node_modules/codemirror
cp "$cm/LICENSE" "$vendor/codemirror/"
cp "$cm/lib/codemirror.js" "$cm/lib/codemirror.css" "$vendor/codemirror/lib/"
cp -r "$cm/mode/python" "$vendor/codemirror/mode/"
cp "$cm/addon/edit/matchbrackets.js" "$cm/addon/edit/closebrackets.js" "$vendor/codemirror/addon/edit/"
cp "$cm/addon/display/placeholder.js" "$vendor/codemirror/addon/display/"

mj=node_modules/mathjax
cp "$mj/LICENSE" "$vendor/mathjax/"
cp "$mj/es5/tex-svg.js" "$vendor/mathjax/"
cp -r "$mj/es5/input" "$mj/es5/ui" "$mj/es5/a11y" "$vendor/mathjax/"

echo "static/vendor: $(find "$vendor" -type f | wc -l) files from package-lock.json"
