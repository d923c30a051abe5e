# ---------------------------------------------------------------------------
# General
# ---------------------------------------------------------------------------

variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Project name; prefix of every resource name (together with environment)."
  type        = string
  default     = "benchfleet"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name must be 2-21 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name (prod, staging, ...); second part of every resource name."
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,15}$", var.environment))
    error_message = "environment must be 1-16 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags added to every resource."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR block of the VPC. Private subnets get a /20 each (4,096 addresses), public (NAT) subnets a /24 each."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) <= 16
    error_message = "vpc_cidr must be a valid IPv4 CIDR block of size /16 or larger."
  }
}

variable "az_count" {
  description = "Number of availability zones to spread the private subnets (and so the worker fleet) over."
  type        = number
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 6
    error_message = "az_count must be between 2 and 6 (RDS needs subnets in at least two AZs)."
  }
}

variable "single_nat_gateway" {
  description = "true: one NAT gateway for all AZs (cheaper; an AZ outage cuts the other AZs' internet). false: one NAT gateway per AZ."
  type        = bool
  default     = true
}

variable "enable_interface_endpoints" {
  description = "Create interface VPC endpoints for SQS, Secrets Manager, CloudWatch Logs and SSM so that traffic stays off the NAT gateway (about 7 USD/month per endpoint per AZ). The S3 gateway endpoint is always created (free)."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------
# Queue
# ---------------------------------------------------------------------------

variable "queue_visibility_timeout_seconds" {
  description = "Visibility timeout of the partition queue. Workers extend it with their ~30 s heartbeat, so this is how long a partition held by a host that died silently stays invisible before another host can take it."
  type        = number
  default     = 300

  validation {
    condition     = var.queue_visibility_timeout_seconds >= 30 && var.queue_visibility_timeout_seconds <= 43200
    error_message = "queue_visibility_timeout_seconds must be between 30 and 43200 (12 hours)."
  }
}

variable "queue_max_receive_count" {
  description = "Receives after which a partition request moves to the dead-letter queue (maxReceiveCount of the redrive policy). Releases on graceful stop and spot interruption count as receives."
  type        = number
  default     = 5

  validation {
    condition     = var.queue_max_receive_count >= 1 && var.queue_max_receive_count <= 1000
    error_message = "queue_max_receive_count must be between 1 and 1000."
  }
}

variable "queue_message_retention_seconds" {
  description = "How long an unconsumed partition request stays in the queue."
  type        = number
  default     = 345600 # 4 days

  validation {
    condition     = var.queue_message_retention_seconds >= 60 && var.queue_message_retention_seconds <= 1209600
    error_message = "queue_message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long a dead-lettered partition request is kept for inspection (must be longer than the queue's, because the message keeps its original enqueue time)."
  type        = number
  default     = 1209600 # 14 days, the maximum

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600
    error_message = "dlq_message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "queue_receive_wait_time_seconds" {
  description = "Default long-poll wait of the partition queue (a ReceiveMessage call can override it)."
  type        = number
  default     = 20

  validation {
    condition     = var.queue_receive_wait_time_seconds >= 0 && var.queue_receive_wait_time_seconds <= 20
    error_message = "queue_receive_wait_time_seconds must be between 0 and 20."
  }
}

# ---------------------------------------------------------------------------
# Database (Spring Batch job repository + trial results)
# ---------------------------------------------------------------------------

variable "db_engine_version" {
  description = "PostgreSQL engine version: a major (\"15\", AWS picks the newest minor) or a full 15.x version."
  type        = string
  default     = "15"

  validation {
    condition     = can(regex("^15(\\.[0-9]+)?$", var.db_engine_version))
    error_message = "db_engine_version must be PostgreSQL 15 (\"15\" or \"15.x\")."
  }
}

variable "db_instance_class" {
  description = "RDS instance class. 8 GiB of memory comfortably holds max_connections = db_max_connections for 200 workers."
  type        = string
  default     = "db.m7g.large"
}

variable "db_allocated_storage_gb" {
  description = "Initial allocated storage (GiB, gp3)."
  type        = number
  default     = 50

  validation {
    condition     = var.db_allocated_storage_gb >= 20
    error_message = "db_allocated_storage_gb must be at least 20."
  }
}

variable "db_max_allocated_storage_gb" {
  description = "Upper bound for RDS storage autoscaling (GiB); 0 disables storage autoscaling."
  type        = number
  default     = 500
}

variable "db_name" {
  description = "Name of the database created in the instance."
  type        = string
  default     = "benchfleet"
}

variable "db_username" {
  description = "Master user name. Its password is generated and kept by RDS in Secrets Manager (manage_master_user_password); there is no password variable."
  type        = string
  default     = "benchfleet"
}

variable "db_max_connections" {
  description = "PostgreSQL max_connections. Must cover max_hosts x worker_db_pool_size plus the manager's pool and headroom."
  type        = number
  default     = 1000
}

variable "db_multi_az" {
  description = "Run the database Multi-AZ (standby in a second AZ; doubles its cost)."
  type        = bool
  default     = false
}

variable "db_backup_retention_days" {
  description = "Days of automated RDS backups (0 disables them)."
  type        = number
  default     = 7
}

variable "db_deletion_protection" {
  description = "Protect the database from deletion (set false, apply, then destroy to remove it)."
  type        = bool
  default     = true
}

variable "db_skip_final_snapshot" {
  description = "Skip the final snapshot when the database is destroyed."
  type        = bool
  default     = false
}

variable "db_kms_key_arn" {
  description = "KMS key for storage encryption of the database; null uses the AWS-managed aws/rds key. Storage is encrypted either way."
  type        = string
  default     = null
}

variable "db_secret_kms_key_arn" {
  description = "KMS key for the RDS-managed master user secret; null uses the AWS-managed aws/secretsmanager key. If set, also list it in secrets_kms_key_arns."
  type        = string
  default     = null
}

# ---------------------------------------------------------------------------
# Artifact bucket
# ---------------------------------------------------------------------------

variable "bucket_name" {
  description = "Name of the S3 bucket for trial artifacts (runs/) and reports (reports/). Empty: a unique name starting with \"<name>-<environment>-artifacts-\"."
  type        = string
  default     = ""
}

variable "bucket_force_destroy" {
  description = "Allow terraform destroy to delete the bucket with its objects."
  type        = bool
  default     = false
}

variable "run_artifacts_expiration_days" {
  description = "Days after which trial artifacts under runs/ expire."
  type        = number
  default     = 30

  validation {
    condition     = var.run_artifacts_expiration_days >= 1
    error_message = "run_artifacts_expiration_days must be at least 1."
  }
}

variable "reports_transition_ia_days" {
  description = "Days after which reports under reports/ move to STANDARD_IA (S3 requires at least 30)."
  type        = number
  default     = 90

  validation {
    condition     = var.reports_transition_ia_days >= 30
    error_message = "reports_transition_ia_days must be at least 30 (an S3 rule for STANDARD_IA)."
  }
}

variable "reports_expiration_days" {
  description = "Days after which reports expire; 0 keeps them forever. Otherwise must be at least 30 days after the IA transition."
  type        = number
  default     = 0

  validation {
    condition     = var.reports_expiration_days >= 0
    error_message = "reports_expiration_days must be 0 (keep forever) or a positive number of days."
  }
}

# ---------------------------------------------------------------------------
# Workers
# ---------------------------------------------------------------------------

variable "worker_ami_id" {
  description = "Pre-baked worker AMI (see README.md, \"AMI\"): Docker, Java 17+, the worker jar at worker_jar_path; ideally the Harbor image already pulled. Its architecture must match worker_instance_types."
  type        = string

  validation {
    condition     = can(regex("^ami-[0-9a-f]{8,17}$", var.worker_ami_id))
    error_message = "worker_ami_id must be an AMI id (ami-...)."
  }
}

variable "worker_instance_types" {
  description = "Instance types of the mixed instances policy, in priority order. Several similar types give the spot allocator room (price-capacity-optimized)."
  type        = list(string)
  default     = ["m7i.2xlarge", "m6i.2xlarge", "m6a.2xlarge", "m7a.2xlarge", "m5.2xlarge", "m5a.2xlarge"]

  validation {
    condition     = length(var.worker_instance_types) >= 2 && length(var.worker_instance_types) <= 40
    error_message = "worker_instance_types must list between 2 and 40 instance types."
  }
}

variable "max_hosts" {
  description = "Maximum size of the worker Auto Scaling group (the manager sizes it between 0 and this)."
  type        = number
  default     = 200

  validation {
    condition     = var.max_hosts >= 1 && var.max_hosts <= 2000 && floor(var.max_hosts) == var.max_hosts
    error_message = "max_hosts must be an integer between 1 and 2000."
  }
}

variable "on_demand_base_capacity" {
  description = "Number of workers always launched on-demand before any spot capacity (the fallback floor)."
  type        = number
  default     = 0

  validation {
    condition     = var.on_demand_base_capacity >= 0
    error_message = "on_demand_base_capacity must be 0 or more."
  }
}

variable "on_demand_percentage_above_base_capacity" {
  description = "Percentage of workers above on_demand_base_capacity that are on-demand (0 = all spot)."
  type        = number
  default     = 0

  validation {
    condition     = var.on_demand_percentage_above_base_capacity >= 0 && var.on_demand_percentage_above_base_capacity <= 100
    error_message = "on_demand_percentage_above_base_capacity must be between 0 and 100."
  }
}

variable "worker_slots_per_host" {
  description = "Concurrent trials per worker host (BENCHFLEET_SLOTS_PER_HOST in the worker's env file)."
  type        = number
  default     = 4

  validation {
    condition     = var.worker_slots_per_host >= 1 && var.worker_slots_per_host <= 32
    error_message = "worker_slots_per_host must be between 1 and 32."
  }
}

variable "worker_db_pool_size" {
  description = "JDBC pool size per worker (SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE). max_hosts x this must stay below db_max_connections."
  type        = number
  default     = 3
}

variable "worker_root_volume_size_gb" {
  description = "Root volume of a worker (gp3, encrypted): holds Docker images of Harbor and the task environments plus trial directories."
  type        = number
  default     = 150
}

variable "worker_root_device_name" {
  description = "Root device name of worker_ami_id (/dev/xvda for Amazon Linux, /dev/sda1 for Ubuntu)."
  type        = string
  default     = "/dev/xvda"
}

variable "worker_termination_grace_seconds" {
  description = "Termination lifecycle hook: how long a terminating worker may keep running to finish or release its trials (it sees the state at IMDS autoscaling/target-lifecycle-state). 0 disables the hook. Keep it below BENCHFLEET_SCALE_TIMEOUT of scripts/scale.sh down."
  type        = number
  default     = 600

  validation {
    condition     = var.worker_termination_grace_seconds == 0 || (var.worker_termination_grace_seconds >= 30 && var.worker_termination_grace_seconds <= 7200)
    error_message = "worker_termination_grace_seconds must be 0 or between 30 and 7200."
  }
}

variable "worker_imds_hop_limit" {
  description = "IMDSv2 PUT response hop limit of the workers. 1 keeps containers on Docker's bridge network (agents, task environments) away from the instance role; raise to 2 only if something in a container must use it."
  type        = number
  default     = 1

  validation {
    condition     = var.worker_imds_hop_limit >= 1 && var.worker_imds_hop_limit <= 64
    error_message = "worker_imds_hop_limit must be between 1 and 64."
  }
}

variable "worker_executor" {
  description = "Trial executor of the workers (BENCHFLEET_WORKER_EXECUTOR): docker (Harbor image via the host's Docker), process (a harbor CLI on the AMI) or simulated (rehearsal: no model calls)."
  type        = string
  default     = "docker"

  validation {
    condition     = contains(["docker", "process", "simulated"], var.worker_executor)
    error_message = "worker_executor must be docker, process or simulated."
  }
}

variable "resolve_secrets_at_start" {
  description = "Resolve the database secret (to BENCHFLEET_DB_USER/BENCHFLEET_DB_PASSWORD) and the named secrets (to <NAME>) at every service start, on tmpfs, with the AWS CLI on the AMI. false: the application reads the ARNs in the env file itself."
  type        = bool
  default     = true
}

variable "worker_fail_on_image_pull_error" {
  description = "If the Harbor image cannot be pulled at boot and is not already on the AMI, power the instance off (the ASG replaces it) instead of starting a worker that can only fail trials."
  type        = bool
  default     = true
}

variable "harbor_image" {
  description = "Harbor container image the worker runs trials with (pin a digest or an exact tag). Pre-pulled by the user data."
  type        = string

  validation {
    condition     = length(var.harbor_image) > 0 && !can(regex("\\s", var.harbor_image))
    error_message = "harbor_image must be a non-empty image reference without spaces."
  }
}

variable "harbor_ecr_repository_arns" {
  description = "ECR repositories the workers may pull from (when harbor_image lives in ECR). Empty: no ECR permissions."
  type        = list(string)
  default     = []
}

variable "worker_secret_arns" {
  description = "Secrets the workers may read, by name, e.g. { ANTHROPIC_API_KEY = \"arn:aws:secretsmanager:...\" }. Written to the env file as BENCHFLEET_SECRET_<NAME>_ARN (ARNs only, never values). The database secret is added automatically."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.worker_secret_arns : can(regex("^[A-Z][A-Z0-9_]*$", k)) && can(regex("^arn:aws[a-z-]*:secretsmanager:", v))])
    error_message = "worker_secret_arns keys must be UPPER_SNAKE_CASE names and values Secrets Manager ARNs."
  }
}

variable "manager_secret_arns" {
  description = "Extra secrets the manager may read, by name (same format as worker_secret_arns). The database secret is added automatically."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.manager_secret_arns : can(regex("^[A-Z][A-Z0-9_]*$", k)) && can(regex("^arn:aws[a-z-]*:secretsmanager:", v))])
    error_message = "manager_secret_arns keys must be UPPER_SNAKE_CASE names and values Secrets Manager ARNs."
  }
}

variable "notification_topic_arns" {
  description = "SNS topics the manager may publish run notices to (benchfleet.notify.sns-topic-arn, a schedule's notifications.sns-topic-arn)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.notification_topic_arns : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", arn))])
    error_message = "notification_topic_arns must be SNS topic ARNs (arn:aws:sns:REGION:ACCOUNT:NAME)."
  }
}

variable "secrets_kms_key_arns" {
  description = "Customer-managed KMS keys that encrypt the secrets above (kms:Decrypt via Secrets Manager only). Not needed for the AWS-managed key."
  type        = list(string)
  default     = []
}

variable "enable_worker_ssm" {
  description = "Let workers register with SSM Session Manager (for debugging; adds the AmazonSSMManagedInstanceCore policy to the worker role)."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------
# Application layout on the AMI
# ---------------------------------------------------------------------------

variable "java_bin" {
  description = "Path of the java executable on the AMI."
  type        = string
  default     = "/usr/bin/java"
}

variable "worker_jar_path" {
  description = "Path of the worker jar on the AMI."
  type        = string
  default     = "/opt/benchfleet/worker.jar"
}

variable "manager_jar_path" {
  description = "Path of the manager jar on the manager's AMI."
  type        = string
  default     = "/opt/benchfleet/manager.jar"
}

variable "worker_java_opts" {
  description = "JVM options of the worker service (JAVA_OPTS in its env file)."
  type        = string
  default     = "-Xms256m -Xmx1g"
}

variable "manager_java_opts" {
  description = "JVM options of the manager service (JAVA_OPTS in its env file)."
  type        = string
  default     = "-XX:MaxRAMPercentage=60"
}

variable "jobs_dir" {
  description = "Directory for Harbor trial directories on a worker; mounted at the same path inside the Harbor container."
  type        = string
  default     = "/var/lib/benchfleet/jobs"
}

# ---------------------------------------------------------------------------
# Manager host
# ---------------------------------------------------------------------------

variable "manager_ami_id" {
  description = "AMI of the manager host (Java 17+, the manager jar at manager_jar_path, SSM agent). Empty: worker_ami_id."
  type        = string
  default     = ""

  validation {
    condition     = var.manager_ami_id == "" || can(regex("^ami-[0-9a-f]{8,17}$", var.manager_ami_id))
    error_message = "manager_ami_id must be empty or an AMI id (ami-...)."
  }
}

variable "manager_instance_type" {
  description = "Instance type of the manager host."
  type        = string
  default     = "t3.medium"
}

variable "manager_root_volume_size_gb" {
  description = "Root volume of the manager host (gp3, encrypted)."
  type        = number
  default     = 30
}

variable "manager_root_device_name" {
  description = "Root device name of the manager's AMI."
  type        = string
  default     = "/dev/xvda"
}

variable "manager_serve_args" {
  description = "Extra arguments after \"serve\" in the manager's command line."
  type        = string
  default     = ""
}

# ---------------------------------------------------------------------------
# Logs and alarms
# ---------------------------------------------------------------------------

variable "log_retention_days" {
  description = "Retention of the worker and manager CloudWatch log groups."
  type        = number
  default     = 30
}

variable "alarm_emails" {
  description = "E-mail addresses subscribed to the alarm SNS topic (each must confirm). Empty: the topic is created without subscribers."
  type        = list(string)
  default     = []
}

variable "queue_oldest_message_age_threshold_seconds" {
  description = "Alarm when the oldest partition request has waited longer than this. Set it above the longest queue wait a run capped below the full fleet expects."
  type        = number
  default     = 10800 # 3 hours

  validation {
    condition     = var.queue_oldest_message_age_threshold_seconds >= 60
    error_message = "queue_oldest_message_age_threshold_seconds must be at least 60."
  }
}

variable "alarm_period_seconds" {
  description = "Period of the queue alarms' metrics (SQS publishes every 60 s at most)."
  type        = number
  default     = 300
}

# ---------------------------------------------------------------------------
# Worker image (image.tf)
# ---------------------------------------------------------------------------

variable "build_worker_image" {
  description = "Create the EC2 Image Builder pipeline that bakes the worker AMI (Docker, Java 17, the worker jar from worker_jar_source, the unit, the Harbor image pulled). Its AMI becomes worker_ami_id."
  type        = bool
  default     = false
}

variable "worker_jar_source" {
  description = "Local path of the worker jar (worker/target/worker-*-exec.jar) uploaded for the image build. Required with build_worker_image."
  type        = string
  default     = ""
}

variable "worker_image_version" {
  description = "Semantic version of the image component and recipe (x.y.z); raise it whenever the jar, the Harbor image or the recipe changes (Image Builder versions are immutable)."
  type        = string
  default     = "1.0.0"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.worker_image_version))
    error_message = "worker_image_version must be x.y.z, e.g. 1.0.0."
  }
}

variable "worker_image_parent_ssm_parameter" {
  description = "SSM parameter naming the parent AMI of the worker image (Amazon Linux 2023; pick the arm64 one for Graviton worker_instance_types)."
  type        = string
  default     = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

variable "worker_image_prepull" {
  description = "Images baked into the worker image besides harbor_image, e.g. the prebuilt task images of a spec (docker_image of each task.toml)."
  type        = list(string)
  default     = []
}

variable "worker_image_instance_types" {
  description = "Instance types that build the image."
  type        = list(string)
  default     = ["m7i.large", "m6i.large"]
}

variable "worker_image_volume_size_gb" {
  description = "Root volume of the image (its snapshot); worker hosts still get worker_root_volume_size_gb."
  type        = number
  default     = 40
}

variable "worker_boot_to_ready_seconds" {
  description = "Estimated time from a worker host's launch to taking partitions; the manager's plan adds it to the makespan (BENCHFLEET_FLEET_STARTUPOVERHEAD) until hosts have recorded what they measured in the worker registry, then uses their median. About 3 minutes with user-data installs, well under a minute with a baked image."
  type        = number
  default     = 180

  validation {
    condition     = var.worker_boot_to_ready_seconds >= 0 && var.worker_boot_to_ready_seconds <= 3600
    error_message = "worker_boot_to_ready_seconds must be between 0 and 3600."
  }
}

variable "worker_idle_alarm_minutes" {
  description = "Alarm (SNS) when worker hosts stay in service this many minutes with an empty partition queue: the last line behind the fleet controller's own scale-to-zero (benchfleet.fleet.control.idle-timeout)."
  type        = number
  default     = 60

  validation {
    condition     = var.worker_idle_alarm_minutes >= 5 && var.worker_idle_alarm_minutes <= 1440
    error_message = "worker_idle_alarm_minutes must be from 5 to 1440 (CloudWatch evaluates at most a day of one-minute periods)."
  }
}
