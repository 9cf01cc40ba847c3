# plot.gp: the attention module's plot, from the data files of plot_data.cpp.
#   gnuplot -e "refdir='<reference data>'; yourdir='<your data>'; outdir='<png dir>'" plot.gp
# (./course plot attention runs it). Writes into outdir:
#   attention_weights.png   the attention weights P (T x T) of one causal head over a 12-token
#                           sentence as a heat map, the reference beside yours: query (row) t,
#                           key (column) j, dark = 0, bright = 1
# A data file that does not exist (attention_forward not done yet) is drawn as "not done yet".
# Needs the pngcairo terminal.

if (!exists("refdir")) refdir = "."
if (!exists("yourdir")) yourdir = ""
if (!exists("outdir")) outdir = "."

file_exists(f) = int(system("[ -e '" . f . "' ] && echo 1 || echo 0"))

# yourdir = '' draws the reference alone (the picture in the README).
panels = (strlen(yourdir) > 0) ? "reference yours" : "reference"
if (strlen(yourdir) > 0) { set terminal pngcairo size 1200,560 font ",10" } else { set terminal pngcairo size 640,580 font ",10" }
set output outdir . "/attention_weights.png"
set multiplot layout 1,words(panels) title "One causal head over \"the cat sat on the mat because it was tired and slept\": P[query, key]"
set size ratio -1
set xrange [-0.5:11.5]
set yrange [11.5:-0.5]
set cbrange [0:1]
set palette defined (0 "#08306b", 0.25 "#2171b5", 0.5 "#6baed6", 0.75 "#fdae6b", 1 "#fff5eb")
set xlabel "key (what is looked at)"
set ylabel "query (who looks)"
set xtics rotate by 45 right
unset key
do for [dir in panels] {
  d = (dir eq "reference") ? refdir : yourdir
  set title dir
  if (strlen(d) > 0 && file_exists(d . "/attention_weights.dat")) {
    tokens = system("awk 'NR > 1 { printf \"%s \", $2 }' '" . d . "/attention_tokens.dat'")
    tics = ""
    do for [i = 1:words(tokens)] { tics = tics . sprintf("%s\"%s\" %d", (i > 1 ? ", " : ""), word(tokens, i), i - 1) }
    eval "set xtics (" . tics . ")"
    eval "set ytics (" . tics . ")"
    plot d . "/attention_weights.dat" using 1:2:3 with image, \
         d . "/attention_weights.dat" using 1:2:($3 >= 0.1 && $3 < 0.6 ? sprintf("%.2f", $3) : "") with labels font ",8" tc rgb "white", \
         d . "/attention_weights.dat" using 1:2:($3 >= 0.6 ? sprintf("%.2f", $3) : "") with labels font ",8" tc rgb "black"
  } else {
    set label 1 "not done yet" at 5.5,5.5 center
    plot NaN
    unset label 1
  }
}
unset multiplot
unset output
