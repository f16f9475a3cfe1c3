# Turns a text file into a C header holding it as a string:
#   cmake -DIN=file -DOUT=header.h -DNAME=symbol -P embed.cmake
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR size "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE "${OUT}" "/* generated from ${IN}; do not edit */\n"
  "static const char ${NAME}[${size} + 1] = {${body} 0};\n"
  "static const unsigned ${NAME}_len = ${size};\n")
