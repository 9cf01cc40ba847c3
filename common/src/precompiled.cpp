// precompiled.cpp: the one file compiled with course_pch, so that the precompiled header is built.
