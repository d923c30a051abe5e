package io.benchfleet.worker;

import io.benchfleet.worker.config.BenchfleetCommonConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** A worker host: takes partition requests from SQS and runs their trials until stopped. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BenchfleetCommonConfiguration.class)
public class WorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkerApplication.class, args);
    }
}
