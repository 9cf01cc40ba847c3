# plot.gp: the reinforcement_learning module's plots, from the data files of plot_data.cpp.
#   gnuplot -e "refdir='<reference data>'; yourdir='<your data>'; outdir='<png dir>'" plot.gp
# (./course plot reinforcement_learning runs it). Writes into outdir, the book's figures first:
#   figure_2_2.png        the 10-armed testbed: average reward and % optimal action, eps = 0, 0.01, 0.1
#   figure_2_3.png        % optimal action: optimistic greedy (Q1 = 5) against realistic eps-greedy
#   figure_2_4.png        average reward: UCB (c = 2) against eps-greedy (eps = 0.1)
#   figure_6_4.png        the cliff walk: sum of rewards per episode, SARSA against Q-learning
#   cliff_paths.png       the cliff walk: the greedy paths that SARSA and Q-learning learned
#   figure_6_5.png        Example 6.7: % left actions from A, Q-learning against double Q-learning
#   frozen_lake.png       FrozenLake 8x8 (slippery): v* as a heat map
#   figure_13_2.png       the short corridor: REINFORCE with and without a baseline
#   cartpole.png          CartPole: the return per episode and the mean of the last 100
# Curves: the reference thin and dashed, yours solid on top; the maps: the reference beside yours.
# yourdir = '' draws the reference alone (the pictures in the README). A data file that does not
# exist (its exercise not done yet) is drawn as "not done yet". Needs the pngcairo terminal.

if (!exists("refdir")) refdir = "."
if (!exists("yourdir")) yourdir = ""
if (!exists("outdir")) outdir = "."

file_exists(f) = int(system("[ -e '" . f . "' ] && echo 1 || echo 0"))
mine = strlen(yourdir) > 0
colors = "#1b9e77 #d95f02 #7570b3"

# label(i): the i-th word of `names` with its underscores as spaces.
label(i) = system("echo '" . word(names, i) . "' | tr _ ' '")
# one_curve(file, i, style, prefix, titled): the plot clause of curve i (column first + i - 1).
one_curve(file, i, style, prefix, titled) = sprintf("'%s' using 1:%d with lines %s lc rgb '%s' %s", \
    file, first + i - 1, style, word(colors, i), titled ? "title '" . prefix . label(i) . "'" : "notitle")
# draw_curves(titled): the plot command of the panel: the reference's n curves (thin and dashed
# when yours are drawn too), then yours; the columns first .. first + n - 1 of the data files.
draw_curves(titled) = "plot " . join_curves(ref, have_ref, sprintf("dt %d lw %g", ref_dash, ref_width), \
    have_you ? "reference " : "", titled, 1) . join_curves(you, have_you, "lw 1.5", "yours ", titled, have_ref ? 0 : 1)
join_curves(file, have, style, prefix, titled, lead) = !have ? "" : \
    (lead ? "" : ", ") . one_curve(file, 1, style, prefix, titled) . \
    (n >= 2 ? ", " . one_curve(file, 2, style, prefix, titled) : "") . \
    (n >= 3 ? ", " . one_curve(file, 3, style, prefix, titled) : "")

do for [png in "figure_2_2 figure_2_3 figure_2_4 figure_6_4 figure_6_5 figure_13_2 cartpole"] {
  set terminal pngcairo size 900,(png eq "figure_2_2" ? 720 : 420) font ",10"
  set output outdir . "/" . png . ".png"
  set key bottom right
  set grid
  ref = refdir . "/" . png . ".dat"
  you = yourdir . "/" . png . ".dat"
  have_ref = file_exists(ref)
  have_you = mine && file_exists(you)
  ref_dash = have_you ? 2 : 1
  ref_width = have_you ? 1 : 1.5
  if (png eq "figure_2_2" && !have_ref && !have_you) {
    set label 1 "not done yet" at graph 0.5, graph 0.5 center
    plot NaN notitle
    unset label 1
  }
  if (png eq "figure_2_2" && (have_ref || have_you)) {
    set multiplot layout 2,1 title "Figure 2.2: the 10-armed testbed, 2 000 runs (sample averages)"
    set xlabel "steps"
    set ylabel "average reward"
    names = "eps=0_(greedy) eps=0.01 eps=0.1"
    first = 2
    n = 3
    eval draw_curves(1)
    set ylabel "% optimal action"
    set yrange [0:100]
    first = 5
    eval draw_curves(0)
    unset yrange
    unset multiplot
  }
  if (png ne "figure_2_2") {
    if (png eq "figure_2_3") { set title "Figure 2.3: optimistic initial values (alpha = 0.1)"; set xlabel "steps"; set ylabel "% optimal action"; names = "optimistic,_greedy,_Q1=5 realistic,_eps=0.1,_Q1=0"; n = 2 }
    if (png eq "figure_2_4") { set title "Figure 2.4: UCB against eps-greedy"; set xlabel "steps"; set ylabel "average reward"; names = "UCB_c=2 eps-greedy_eps=0.1"; n = 2 }
    if (png eq "figure_6_4") { set title "Figure 6.4: the cliff walk (alpha = 0.5, eps = 0.1; 200 runs, 10-episode means)"; set xlabel "episodes"; set ylabel "sum of rewards during episode"; set yrange [-100:0]; names = "SARSA Q-learning"; n = 2 }
    if (png eq "figure_6_5") { set key top right; set title "Figure 6.5: the maximization bias (Example 6.7, 10 000 runs)"; set xlabel "episodes"; set ylabel "% left actions from A"; set yrange [0:100]; names = "Q-learning double_Q-learning"; n = 2 }
    if (png eq "figure_13_2") { set title "Figure 13.2: the short corridor, 100 runs"; set xlabel "episodes"; set ylabel "total reward on episode"; set yrange [-90:-10]; names = "REINFORCE,_alpha=2^-13 with_baseline,_alpha_theta=2^-9,_alpha_w=2^-6"; n = 2 }
    if (png eq "cartpole") { set title "CartPole: REINFORCE with baseline until the mean of 100 episodes reaches 195"; set xlabel "episodes"; set ylabel "return (steps balanced, at most 200)"; set yrange [0:210]; names = "return mean_of_the_last_100"; n = 2 }
    if (!have_ref && !have_you) {
      set label 1 "not done yet" at graph 0.5, graph 0.5 center
      plot NaN notitle
      unset label 1
    } else {
      first = 2
      extra = (png eq "figure_6_5") ? ', 5 with lines dt 3 lc rgb "black" title "optimal (5%)"' : \
              (png eq "cartpole") ? ', 195 with lines dt 3 lc rgb "black" title "solved (195)"' : ""
      eval draw_curves(1) . extra
    }
    unset yrange
    unset title
  }
  unset output
}

panels = mine ? "reference yours" : "reference"

# The cliff's learned paths: the map (the cliff dark, S and G marked) and the two greedy paths.
set terminal pngcairo size (mine ? 1400 : 760),(mine ? 330 : 330) font ",10"
set output outdir . "/cliff_paths.png"
unset xlabel
unset ylabel
set multiplot layout 1,words(panels) title "The cliff walk: the greedy paths after 500 episodes (alpha = 0.5, eps = 0.1)"
set size ratio -1
set xrange [-0.5:11.5]
set yrange [3.5:-0.5]
set xtics 0,1,11
set ytics 0,1,3
unset grid
set key outside bottom center horizontal
set cbrange [0:1]
set palette defined (0 "#f7f7f7", 1 "#525252")
unset colorbox
do for [dir in panels] {
  d = (dir eq "reference") ? refdir : yourdir
  set title dir
  if (file_exists(d . "/cliff_paths.dat")) {
    plot d . "/cliff_map.dat" using 2:1:(strcol(3) eq "C" ? 1 : 0) with image pixels notitle, \
         d . "/cliff_map.dat" using 2:1:(strcol(3) eq "C" ? "" : (strcol(3) eq "." ? "" : strcol(3))) with labels font ",12" notitle, \
         d . "/cliff_paths.dat" index 0 using ($4 - 0.08):($3 - 0.08) with linespoints lw 2 pt 7 ps 0.5 lc rgb "#1b9e77" title "SARSA", \
         d . "/cliff_paths.dat" index 1 using ($4 + 0.08):($3 + 0.08) with linespoints lw 2 pt 7 ps 0.5 lc rgb "#d95f02" title "Q-learning"
  } else {
    set label 1 "not done yet" at 5.5,1.5 center
    plot NaN notitle
    unset label 1
  }
}
unset multiplot
unset output
set colorbox

# FrozenLake 8x8's v*: a heat map, each cell with its letter and value.
set terminal pngcairo size (mine ? 1200 : 620),560 font ",10"
set output outdir . "/frozen_lake.png"
set multiplot layout 1,words(panels) title "FrozenLake 8x8, slippery: v* (gamma = 0.99, value iteration)"
set xrange [-0.5:7.5]
set yrange [7.5:-0.5]
set xtics 0,1,7
set ytics 0,1,7
set cbrange [0:1]
set palette defined (0 "#08306b", 0.3 "#2171b5", 0.6 "#6baed6", 1 "#fff5eb")
unset key
do for [dir in panels] {
  d = (dir eq "reference") ? refdir : yourdir
  set title dir
  if (file_exists(d . "/frozen_lake.dat")) {
    plot d . "/frozen_lake.dat" using 1:2:3 with image, \
         d . "/frozen_lake.dat" using 1:2:(sprintf("%s\n%.2f", strcol(4), $3)) with labels font ",8" tc rgb "black"
  } else {
    set label 1 "not done yet" at 3.5,3.5 center
    plot NaN
    unset label 1
  }
}
unset multiplot
unset output
