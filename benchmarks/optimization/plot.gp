# plot.gp: the optimization module's plots, from the data files of plot_data.cpp.
#   gnuplot -e "refdir='<reference data>'; yourdir='<your data>'; outdir='<png dir>'" plot.gp
# (./course plot optimization runs it). Writes into outdir:
#   convergence_rosenbrock.png   f(x_k) - f* against k, log scale, one line per optimizer
#   convergence_quadratics.png   the same on the quadratics with kappa = 1e3 and 1e6 (n = 100)
#   rosenbrock_paths.png         the iterates on the contours of Rosenbrock's function
# The reference's runs are solid lines; yours, where your program wrote them, are dashed in the
# same colour. A file that does not exist (an exercise not done yet) is simply left out.
# Needs gnuplot >= 5.2 (datablocks, string slices) and the pngcairo terminal.

if (!exists("refdir")) refdir = "."
if (!exists("yourdir")) yourdir = ""
if (!exists("outdir")) outdir = "."

racers = "gradient_descent gd_armijo heavy_ball nesterov adam newton bfgs conjugate_gradient lbfgs"
colors = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #17becf #bcbd22"

# file_exists: gnuplot 5.4 (Debian 12) has no fileexists(); ask the shell.
file_exists(f) = int(system("[ -e '" . f . "' ] && echo 1 || echo 0"))

# build_curves: sets cmd to the comma-separated plot clauses for every existing data file
# <problem>_<racer><suffix>.dat in refdir (solid) and yourdir (dashed), reading `columns`.
build_curves = 'cmd = ""; \
  do for [i = 1:words(racers)] { \
    r = word(racers, i); c = word(colors, i); \
    f = refdir . "/" . problem . "_" . r . suffix . ".dat"; \
    if (file_exists(f)) { cmd = cmd . sprintf("\"%s\" using %s with lines lw 2 lc rgb \"%s\" title \"%s\" noenhanced, ", f, columns, c, r) }; \
    g = (strlen(yourdir) > 0) ? yourdir . "/" . problem . "_" . r . suffix . ".dat" : "/nonexistent"; \
    if (file_exists(g)) { cmd = cmd . sprintf("\"%s\" using %s with lines lw 2 dt 2 lc rgb \"%s\" title \"%s (yours)\" noenhanced, ", g, columns, c, r) }; \
  }'

set terminal pngcairo size 1000,700 font ",11"
set grid
set key outside right top

# ---- f(x_k) - f* on Rosenbrock ----
set output outdir . "/convergence_rosenbrock.png"
set title "Rosenbrock from (-1.2, 1): f(x_k) - f*   (solid: reference, dashed: yours)"
set xlabel "iteration k"
set ylabel "f(x_k) - f*"
set logscale x
set logscale y
set format y "10^{%L}"
problem = "rosenbrock"; suffix = ""; columns = "($1+1):2"
eval build_curves
if (strlen(cmd) > 0) { eval "plot " . cmd[1:strlen(cmd) - 2] } else { print "no data for rosenbrock" }
unset output

# ---- f(x_k) - f* on the quadratics ----
set output outdir . "/convergence_quadratics.png"
set multiplot layout 2,1 title "Quadratics, n = 100: f(x_k) - f*   (solid: reference, dashed: yours)"
set xlabel "iteration k   (log scale; k + 1 plotted)"
do for [problem in "quad_kappa1e3 quad_kappa1e6"] {
  set title (problem eq "quad_kappa1e3" ? "kappa = 1e3" : "kappa = 1e6")
  eval build_curves
  if (strlen(cmd) > 0) { eval "plot " . cmd[1:strlen(cmd) - 2] }
}
unset multiplot
unset output

# ---- the paths on Rosenbrock's contours ----
set output outdir . "/rosenbrock_paths.png"
set title "Iterates on the contours of Rosenbrock's function (log10 f), from (-1.2, 1) to (1, 1)"
unset logscale x
unset logscale y
set format y "%g"
set xlabel "x_1"
set ylabel "x_2"
set xrange [-1.6:1.6]
set yrange [-0.6:1.6]
rosen(x, y) = 100 * (y - x * x)**2 + (1 - x)**2
set isosamples 200, 200
set samples 200
set contour base
set cntrparam levels discrete -2, -1, 0, 0.5, 1, 1.5, 2, 2.5, 3
unset surface
set view map
set table $contours
splot log10(rosen(x, y) + 1e-12) notitle
unset table
unset contour
problem = "rosenbrock"; suffix = "_path"; columns = "1:2"
eval build_curves
cmd = "$contours using 1:2 with lines lc rgb \"#c8c8c8\" lw 1 notitle, " . cmd
$xstar << EOD
1 1
EOD
cmd = cmd . "$xstar using 1:2 with points pt 7 ps 1.5 lc rgb \"black\" title \"x* = (1, 1)\""
eval "plot " . cmd
unset output
