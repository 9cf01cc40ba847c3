# plot.gp: the backprop module's plots, from the data files of plot_data.cpp.
#   gnuplot -e "refdir='<reference data>'; yourdir='<your data>'; outdir='<png dir>'" plot.gp
# (./course plot backprop runs it). Writes into outdir:
#   digits_training.png    the digits: train loss and test accuracy per epoch (solid: reference,
#                          dashed: yours)
#   spiral_regions.png     the spiral's points over the regions each net predicts, reference beside yours
#   fashion_mnist.png      the same curves for Fashion-MNIST, when a fashion_curve.dat was written
#                          (./course run backprop fashion_mnist)
# A file that does not exist (an exercise not done yet) is left out. Needs the pngcairo terminal.

if (!exists("refdir")) refdir = "."
if (!exists("yourdir")) yourdir = ""
if (!exists("outdir")) outdir = "."

file_exists(f) = int(system("[ -e '" . f . "' ] && echo 1 || echo 0"))
yours(name) = (strlen(yourdir) > 0) ? yourdir . "/" . name : "/nonexistent"

set terminal pngcairo size 1000,450 font ",11"
set grid

# curves: train loss (left axis, log scale) and test accuracy (right axis) of <name>.
curves(name) = sprintf("%s%s", \
  file_exists(refdir . "/" . name) ? sprintf("\"%s\" using 1:2 axes x1y1 with lines lw 2 lc rgb \"#1f77b4\" title \"train loss\", \"%s\" using 1:(100*$4) axes x1y2 with lines lw 2 lc rgb \"#d62728\" title \"test accuracy (%%)\", ", refdir . "/" . name, refdir . "/" . name) : "", \
  file_exists(yours(name)) ? sprintf("\"%s\" using 1:2 axes x1y1 with lines lw 2 dt 2 lc rgb \"#1f77b4\" title \"train loss (yours)\", \"%s\" using 1:(100*$4) axes x1y2 with lines lw 2 dt 2 lc rgb \"#d62728\" title \"test accuracy (yours)\", ", yours(name), yours(name)) : "")

do for [which in "digits fashion"] {
  name = which . "_curve.dat"
  cmd = curves(name)
  if (strlen(cmd) > 0) {
    set output outdir . (which eq "digits" ? "/digits_training.png" : "/fashion_mnist.png")
    set title (which eq "digits" ? "Digits (64-64-10, Adam)" : "Fashion-MNIST (784-256-256-10, Adam)") . ": solid reference, dashed yours"
    set xlabel "epoch"
    set ylabel "train loss (cross-entropy)"
    set logscale y
    set y2label "test accuracy (%)"
    set y2tics
    set ytics nomirror
    set key center right
    eval "plot " . cmd[1:strlen(cmd) - 2]
    unset output
    unset logscale y
    unset y2tics
    unset y2label
  }
}

# ---- the spiral's decision regions ----
set terminal pngcairo size 1100,520 font ",11"
set output outdir . "/spiral_regions.png"
set multiplot layout 1,2 title "CS231n's spiral: the class each net predicts (regions) and the training points"
set size ratio -1
unset xlabel
unset ylabel
unset y2tics
set ytics mirror
set xrange [-1.2:1.2]
set yrange [-1.2:1.2]
unset key
unset colorbox
set palette defined (0 "#c6dbef", 1 "#fdd0a2", 2 "#c7e9c0")
set cbrange [0:2]
do for [dir in "reference yours"] {
  d = (dir eq "reference") ? refdir : yourdir
  set title dir
  if (strlen(d) > 0 && file_exists(d . "/spiral_regions.dat")) {
    plot d . "/spiral_regions.dat" using 1:2:3 with image, \
         d . "/spiral_points.dat" using 1:2:($3 == 0 ? 0x1f77b4 : ($3 == 1 ? 0xff7f0e : 0x2ca02c)) with points pt 7 ps 0.6 lc rgb variable
  } else {
    set label 1 "not done yet" at 0,0 center
    plot NaN
    unset label 1
  }
}
unset multiplot
unset output
