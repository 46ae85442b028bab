# Sourced by scripts/build and scripts/test: install missing Debian packages,
# through sudo when not root, and coursegen's Python packages into .venv.
ensure_debian_packages() {
  local missing=() pkg sudo=""
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Creates .venv when missing, then installs coursegen into it (pip arguments, e.g.
# -e '.[test]'), printing each package as pip fetches it: a first run takes minutes.
ensure_venv() {
  if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv"
    python3 -m venv .venv
  fi
  echo "Installing coursegen and its Python packages into .venv (pip install $*)"
  .venv/bin/python -m pip install --disable-pip-version-check --progress-bar off "$@" 2>&1 |
    { grep --line-buffered -E '^(Collecting|Successfully installed|ERROR)' || true; } |
    sed -u 's/^/  /'
}

# What a fresh minimal Debian or Ubuntu needs to create the virtual environment.
BASE_PACKAGES=(python3-venv)

# What building the PDFs needs. WeasyPrint loads Pango, PangoFT2, HarfBuzz and
# Fontconfig at run time (GLib comes with Pango); HarfBuzz subsetting gives fast,
# byte-reproducible font subsets; the two font families are the ones the
# templates name.
PDF_PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1
  fonts-dejavu-core fonts-liberation
)
