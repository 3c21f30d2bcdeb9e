# Warnings are errors for the project's own targets only: system headers (Qt, gtest) are not ours to fix.
function(stormproof_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Werror
    -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough -Wno-missing-field-initializers)
endfunction()
