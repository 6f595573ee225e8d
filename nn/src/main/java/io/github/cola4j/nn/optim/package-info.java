/**
 * Optimisers with PyTorch's update rules ({@link io.github.cola4j.nn.optim.SGD},
 * {@link io.github.cola4j.nn.optim.Adam}, {@link io.github.cola4j.nn.optim.AdamW}), whose state can be saved and
 * restored for exact resumption, learning-rate schedules as pure functions of a counter
 * ({@link io.github.cola4j.nn.optim.LrSchedule}) and gradient clipping
 * ({@link io.github.cola4j.nn.optim.GradClipping}).
 */
package io.github.cola4j.nn.optim;
